import { ParseUUIDPipe } from '@nestjs/common';
import { ErrorCode, invalid } from '@app/domain';

/** `@Param('id', ParseUuid)`: a malformed id is a 400 in the error shape, in Spanish. */
export const ParseUuid = new ParseUUIDPipe({
  exceptionFactory: () => invalid(ErrorCode.VALIDATION_FAILED, 'Identificador no válido (UUID)'),
});
