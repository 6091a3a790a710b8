import { Module } from '@nestjs/common';
import { ImageFilesController } from './image-files.controller';
import { ImageFilesService } from './image-files.service';
import { ImagesService } from './images.service';

/**
 * Staff image uploads (§2.8) and the two file routes: public catalogue images and signed
 * customer case photos. Storage, validation and signing come from the global MediaModule.
 */
@Module({
  controllers: [ImageFilesController],
  providers: [ImagesService, ImageFilesService],
  exports: [ImagesService, ImageFilesService],
})
export class ImagesModule {}
