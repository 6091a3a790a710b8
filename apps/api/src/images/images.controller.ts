import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { invalid } from '@app/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { ImageListResponseDto, ImageResponseDto } from './dto/image.dto';
import { ListImagesQueryDto, UploadImageQueryDto } from './dto/image-query.dto';
import { ImagesService, UploadedImageFile } from './images.service';
import { ImageUploadInterceptor, UPLOAD_FIELD } from './upload/image-upload.interceptor';
import { UploadRateLimitGuard } from './upload/upload-rate-limit.guard';

const ImageIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => invalid('INVALID_ID', 'Identificador de imagen no válido'),
});
const ID_PARAM = { name: 'id', format: 'uuid' } as const;

@ApiTags('images')
@Authenticated()
@Controller('api/admin/images')
export class ImagesController {
  public constructor(private readonly images: ImagesService) {}

  @Post('upload')
  @HttpCode(HttpStatus.CREATED)
  @UseGuards(UploadRateLimitGuard)
  @UseInterceptors(ImageUploadInterceptor)
  @ApiOperation({
    summary: 'Upload a catalogue image (JPEG, PNG, GIF, WebP, HEIC/HEIF)',
    description:
      'Checked for size, declared type, magic number, dimensions and a full decode under the ' +
      'pixel limit; stored as `<uuid>.<ext>`. At most IMAGE_UPLOAD_RATE_LIMIT uploads per ' +
      'user per minute (429 with Retry-After).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD],
      properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: ImageResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not an acceptable image' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Over IMAGE_MAX_SIZE_MB' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Upload rate limit' })
  public upload(
    @UploadedFile() file: UploadedImageFile | undefined,
    @Query() query: UploadImageQueryDto,
    @CurrentAdmin() admin: AuthenticatedAdmin,
  ): Promise<ImageResponseDto> {
    return this.images.upload(file, query, admin);
  }

  @Get()
  @ApiOperation({ summary: 'List uploaded images, newest first' })
  @ApiOkResponse({ type: ImageListResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public list(@Query() query: ListImagesQueryDto): Promise<ImageListResponseDto> {
    return this.images.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One uploaded image' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ImageResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(@Param('id', ImageIdPipe) id: string): Promise<ImageResponseDto> {
    return this.images.get(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an uploaded image (row and file)' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public delete(
    @Param('id', ImageIdPipe) id: string,
    @CurrentAdmin() admin: AuthenticatedAdmin,
  ): Promise<void> {
    return this.images.delete(id, admin);
  }
}
