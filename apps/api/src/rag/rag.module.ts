import { Module } from '@nestjs/common';
import { RagController } from './rag.controller';
import { RagLlmClient } from './rag-llm.client';
import { RagRetrievalService } from './rag-retrieval.service';
import { RagService } from './rag.service';

/** `/api/admin/rag`: questions over the regulatory documents, history, analytics, health. */
@Module({
  controllers: [RagController],
  providers: [RagService, RagRetrievalService, RagLlmClient],
  exports: [RagRetrievalService],
})
export class RagModule {}
