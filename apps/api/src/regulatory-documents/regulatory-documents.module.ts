import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { RegulatoryDocumentsController } from './regulatory-documents.controller';
import { RegulatoryDocumentsService } from './regulatory-documents.service';

/** `/api/admin/regulatory-documents`: the PDFs the console's RAG answers from. */
@Module({
  imports: [AuditModule],
  controllers: [RegulatoryDocumentsController],
  providers: [RegulatoryDocumentsService, DocumentUploadInterceptor],
})
export class RegulatoryDocumentsModule {}
