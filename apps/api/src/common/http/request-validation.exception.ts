import { HttpStatus, UnprocessableEntityException, ValidationError } from '@nestjs/common';

/** Thrown by the global ValidationPipe; carries a field -> messages map for the error body. */
export class RequestValidationException extends UnprocessableEntityException {
  public constructor(public readonly fieldErrors: Record<string, string[]>) {
    super('Invalid request');
  }

  public static fromValidationErrors(errors: ValidationError[]): RequestValidationException {
    const fields: Record<string, string[]> = {};
    const walk = (list: ValidationError[], prefix: string): void => {
      for (const error of list) {
        const path = prefix ? `${prefix}.${error.property}` : error.property;
        const messages = Object.values(error.constraints ?? {});
        if (messages.length > 0) fields[path] = [...(fields[path] ?? []), ...messages];
        if (error.children?.length) walk(error.children, path);
      }
    };
    walk(errors, '');
    return new RequestValidationException(fields);
  }

  public static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
}
