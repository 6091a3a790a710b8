/**
 * Values stored in jsonb columns. Nested values are plain `object`s: a recursive JSON type
 * makes TypeORM's deep-partial insert types explode (TS2589), and `unknown` is rejected by them.
 */
export type JsonValue = string | number | boolean | null | object;
export type JsonObject = { [key: string]: JsonValue };
