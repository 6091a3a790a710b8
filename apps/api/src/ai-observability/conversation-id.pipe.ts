import { PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/domain';

/** A conversation id in a path: 1–100 printable characters (the column's width), else 422. */
export class ConversationIdPipe implements PipeTransform<string, string> {
  public transform(value: string): string {
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      value.length > 100 ||
      [...value].some((char) => char.charCodeAt(0) < 0x20)
    ) {
      throw new DomainError(
        'unprocessable',
        ErrorCode.VALIDATION_FAILED,
        'conversation_id debe tener entre 1 y 100 caracteres',
      );
    }
    return value;
  }
}
