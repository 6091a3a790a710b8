import { Module } from '@nestjs/common';
import { HandoverService } from './handover.service';

/** Durable Chatwoot commands for staff actions (through the outbox and the outgoing stream). */
@Module({
  providers: [HandoverService],
  exports: [HandoverService],
})
export class HandoverModule {}
