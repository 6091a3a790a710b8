import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ImageFilesController } from './image-files.controller';
import { SlidingWindowRateLimiter } from '../common/rate-limit/sliding-window-rate-limiter';
import { ImageFilesService } from './image-files.service';
import { ImagesController } from './images.controller';
import { ImagesService } from './images.service';
import { ImageUploadInterceptor } from './upload/image-upload.interceptor';
import { UploadRateLimitGuard } from './upload/upload-rate-limit.guard';

/**
 * Staff image uploads (`/api/admin/images`) and the two file routes: public catalogue images and
 * signed customer case photos. Storage, validation and signing come from the global MediaModule.
 */
@Module({
  imports: [AuditModule],
  controllers: [ImagesController, ImageFilesController],
  providers: [
    ImagesService,
    ImageFilesService,
    SlidingWindowRateLimiter,
    ImageUploadInterceptor,
    UploadRateLimitGuard,
  ],
  exports: [ImagesService, ImageFilesService],
})
export class ImagesModule {}
