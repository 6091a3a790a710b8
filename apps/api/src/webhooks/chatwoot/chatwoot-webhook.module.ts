import { Module } from '@nestjs/common';
import { ChatwootWebhookController } from './chatwoot-webhook.controller';
import { ChatwootWebhookService } from './chatwoot-webhook.service';

@Module({
  controllers: [ChatwootWebhookController],
  providers: [ChatwootWebhookService],
})
export class ChatwootWebhookModule {}
