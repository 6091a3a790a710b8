import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { ImageFilesService } from './image-files.service';

const FILE_PARAM = {
  name: 'filename',
  description: 'Stored file name `<uuid>.<ext>` (letters, digits, `.`, `_`, `-`; no leading dot)',
  example: '0b6f7f7e-6c1e-4c8e-9d0a-2f4c1d9b7a10.jpg',
};
const IMAGE_BODY = {
  description: 'The image bytes with their real Content-Type',
  content: {
    'image/jpeg': { schema: { type: 'string', format: 'binary' } },
    'image/png': { schema: { type: 'string', format: 'binary' } },
    'image/gif': { schema: { type: 'string', format: 'binary' } },
    'image/webp': { schema: { type: 'string', format: 'binary' } },
    'image/heic': { schema: { type: 'string', format: 'binary' } },
  },
};
// Even if a file slipped through validation, a browser must never run it as a document.
const SANDBOX_CSP = "default-src 'none'; sandbox";

@ApiTags('images')
@Public()
@Controller()
export class ImageFilesController {
  public constructor(private readonly files: ImageFilesService) {}

  @Get('images/:filename')
  @ApiOperation({
    summary: 'Public catalogue image (read by Chatwoot/WhatsApp and the admin panel)',
  })
  @ApiParam(FILE_PARAM)
  @ApiOkResponse(IMAGE_BODY)
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Unsafe or non-image file name' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @Header('Cache-Control', 'public, max-age=86400, immutable')
  @Header('Content-Security-Policy', SANDBOX_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  public publicImage(@Param('filename') filename: string): Promise<StreamableFile> {
    return this.files.openPublicImage(filename);
  }

  @Get('case-images/:filename')
  @ApiOperation({
    summary: 'Customer case photo, only through a signed, expiring URL',
    description:
      'Customer documents are never public: the URL must carry `expires` and `signature` ' +
      'issued by the api (HMAC over path and expiry). Missing, tampered or expired → 403.',
  })
  @ApiParam(FILE_PARAM)
  @ApiQuery({ name: 'expires', description: 'Unix seconds', required: true })
  @ApiQuery({ name: 'signature', description: 'base64url HMAC-SHA256', required: true })
  @ApiOkResponse(IMAGE_BODY)
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Missing, invalid or expired signature',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @Header('Cache-Control', 'private, no-store')
  @Header('Content-Security-Policy', SANDBOX_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  public caseImage(
    @Param('filename') filename: string,
    @Query('expires') expires: unknown,
    @Query('signature') signature: unknown,
  ): Promise<StreamableFile> {
    return this.files.openSignedCaseImage(filename, expires, signature);
  }
}
