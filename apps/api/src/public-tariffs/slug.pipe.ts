import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from '@app/domain';

/** A slug that cannot exist answers 404 without touching the cache or the database. */
@Injectable()
export class SlugPipe implements PipeTransform<string, string> {
  public transform(value: string): string {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) || value.length > 50)
      throw notFound('Categoría', value);
    return value;
  }
}
