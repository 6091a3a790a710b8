import { applyDecorators, HttpCode, HttpStatus, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../../auth/authenticated.decorator';
import { ErrorResponseDto } from '../../common/http/error-response.dto';

export interface CatalogueRouteOptions {
  summary: string;
  description?: string;
  /** Response body type; omitted with `status: 204`. */
  type?: Type | [Type];
  status?: 200 | 201 | 204;
  notFound?: boolean;
  conflict?: boolean;
  badRequest?: string;
}

/**
 * A protected catalogue route: any staff role (`user` edits the catalogue, README role matrix),
 * Swagger summary and responses, 422 for invalid input, and the status code it answers.
 */
export const CatalogueRoute = (options: CatalogueRouteOptions): MethodDecorator => {
  const status = options.status ?? 200;
  const decorators: (MethodDecorator | ClassDecorator)[] = [
    Authenticated(),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' }),
    ApiBadRequestResponse({
      type: ErrorResponseDto,
      description: options.badRequest ?? 'Malformed request or business rule',
    }),
  ];
  if (status === 204) decorators.push(HttpCode(HttpStatus.NO_CONTENT), ApiNoContentResponse());
  else if (status === 201)
    decorators.push(HttpCode(HttpStatus.CREATED), ApiCreatedResponse({ type: options.type }));
  else decorators.push(ApiOkResponse({ type: options.type }));
  if (options.notFound !== false) decorators.push(ApiNotFoundResponse({ type: ErrorResponseDto }));
  if (options.conflict)
    decorators.push(ApiConflictResponse({ type: ErrorResponseDto, description: 'Duplicate' }));
  return applyDecorators(...decorators);
};
