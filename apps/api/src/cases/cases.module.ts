import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HandoverModule } from '../handover/handover.module';
import { ImagesModule } from '../images/images.module';
import { CaseConversationPurger } from './case-conversation.purger';
import { CaseElementDataService } from './case-element-data.service';
import { CaseFilesService } from './case-files.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

/** Case files: list, detail, status lifecycle, images, ZIP, per-element data. */
@Module({
  imports: [AuditModule, HandoverModule, ImagesModule],
  controllers: [CasesController],
  providers: [CasesService, CaseFilesService, CaseElementDataService, CaseConversationPurger],
})
export class CasesModule {}
