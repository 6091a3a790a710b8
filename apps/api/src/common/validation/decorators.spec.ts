import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { exceedsJsonLimits } from '../http/json-shape.middleware';
import { IsInt32, IsMoney, IsOptionalNonNull, PartialInput } from './decorators';

class Priced {
  @IsMoney()
  price: number;

  @IsOptionalNonNull()
  @IsInt32({ min: 0 })
  sort_order?: number;
}

class Named {
  @IsString()
  name: string;
}
class PartialNamed extends PartialInput(Named) {}

const errorsOf = (cls: new () => object, plain: object): string[] =>
  validateSync(plainToInstance(cls, plain)).map((error) => error.property);

describe('shared validation decorators', () => {
  it.each([0, 12.5, 12.34, '12.50', 99_999_999.99])('IsMoney accepts %p', (price) => {
    expect(errorsOf(Priced, { price })).toEqual([]);
  });

  it.each([1e-7, 1.5e-7, 0.001, -1, 1e21, 100_000_000, Number.NaN, '1e3', 'abc', null, true, [5]])(
    'IsMoney refuses %p without throwing',
    (price) => {
      expect(errorsOf(Priced, { price })).toEqual(['price']);
    },
  );

  it('IsInt32 keeps integers inside int4; IsOptionalNonNull refuses null but not absence', () => {
    expect(errorsOf(Priced, { price: 1, sort_order: 2 ** 31 - 1 })).toEqual([]);
    expect(errorsOf(Priced, { price: 1, sort_order: 2 ** 31 })).toEqual(['sort_order']);
    expect(errorsOf(Priced, { price: 1, sort_order: 1.5 })).toEqual(['sort_order']);
    expect(errorsOf(Priced, { price: 1, sort_order: null })).toEqual(['sort_order']);
    expect(errorsOf(Priced, { price: 1 })).toEqual([]);
  });

  it('PartialInput makes fields optional without letting null through', () => {
    expect(errorsOf(PartialNamed, {})).toEqual([]);
    expect(errorsOf(PartialNamed, { name: null })).toEqual(['name']);
  });

  it('measures JSON depth and size iteratively', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
    expect(exceedsJsonLimits(deep)).toBe('depth');
    expect(exceedsJsonLimits({ a: [1, { b: 2 }] })).toBeNull();
    expect(exceedsJsonLimits(Array.from({ length: 30_000 }, (_, i) => i))).toBe('nodes');
  });
});
