import { ApiProperty } from '@nestjs/swagger';
import { UploadedImageEntity } from '@app/database';
import { ListResponseDto } from '../../common/http/list-envelope';

export const PUBLIC_IMAGES_PATH = '/images';

export class ImageResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    description: 'Sanitised original file name (display only)',
    example: 'escape.jpg',
  })
  filename: string;

  @ApiProperty({ example: '0b6f7f7e-6c1e-4c8e-9d0a-2f4c1d9b7a10.jpg' })
  stored_filename: string;

  @ApiProperty({ example: 'image/jpeg' })
  mime_type: string;

  @ApiProperty({ description: 'Bytes' })
  file_size: number;

  @ApiProperty({ type: Number, nullable: true })
  width: number | null;

  @ApiProperty({ type: Number, nullable: true })
  height: number | null;

  @ApiProperty({ type: String, nullable: true })
  category: string | null;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Username of the uploader' })
  uploaded_by: string | null;

  @ApiProperty({
    description: 'Public, same-origin path of the file',
    example: '/images/0b6f7f7e-6c1e-4c8e-9d0a-2f4c1d9b7a10.jpg',
  })
  url: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

export class ImageListResponseDto extends ListResponseDto(ImageResponseDto) {}

export const publicImagePath = (storedFilename: string): string =>
  `${PUBLIC_IMAGES_PATH}/${storedFilename}`;

export const toImageResponse = (image: UploadedImageEntity): ImageResponseDto => ({
  id: image.id,
  filename: image.filename,
  stored_filename: image.storedFilename,
  mime_type: image.mimeType,
  file_size: image.fileSize,
  width: image.width,
  height: image.height,
  category: image.category,
  description: image.description,
  uploaded_by: image.uploadedBy,
  url: publicImagePath(image.storedFilename),
  created_at: image.createdAt.toISOString(),
});
