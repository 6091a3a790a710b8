import { Type } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { MONEY_MAX } from '../validation/decorators';

/** The parts of an OpenAPI schema object this module reads and completes. */
interface Schema {
  type?: string;
  $ref?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

const ERROR_SCHEMA_REF = '#/components/schemas/ErrorResponseDto';

/** @nestjs/swagger's metadata keys for @ApiProperty (its constants module is not exported). */
const MODEL_PROPERTIES = 'swagger/apiModelProperties';
const MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

const PRIMITIVES: unknown[] = [Object, String, Number, Boolean, Array, Date];

/** Class named by a swagger property's `type` (`X`, `[X]`, `() => X`, `() => [X]`). */
const classOf = (type: unknown): Type | null => {
  let candidate = Array.isArray(type) ? (type[0] as unknown) : type;
  if (typeof candidate === 'function' && !candidate.prototype && !PRIMITIVES.includes(candidate)) {
    candidate = (candidate as () => unknown)();
    if (Array.isArray(candidate)) candidate = candidate[0] as unknown;
  }
  return typeof candidate === 'function' && !PRIMITIVES.includes(candidate)
    ? (candidate as Type)
    : null;
};

/** Body classes and every class nested in them, by class name (= component schema name). */
const inputClasses = (roots: Type[]): Map<string, Type> => {
  const found = new Map<string, Type>();
  const queue = [...roots];
  while (queue.length > 0) {
    const cls = queue.pop() as Type;
    const prototype = cls.prototype as object;
    if (found.has(cls.name)) continue;
    found.set(cls.name, cls);
    const keys = (Reflect.getMetadata(MODEL_PROPERTIES_ARRAY, prototype) ?? []) as string[];
    for (const key of keys) {
      const meta = Reflect.getMetadata(MODEL_PROPERTIES, prototype, key.replace(/^:/, '')) as
        { type?: unknown } | undefined;
      const nested = classOf(meta?.type);
      if (nested) queue.push(nested);
    }
  }
  return found;
};

/** Writes one validator's constraint into the property schema (the validators are the truth). */
const applyConstraint = (
  property: Schema,
  name: string,
  constraints: unknown[],
  each: boolean,
): void => {
  const target = each && property.items ? property.items : property;
  const [first, second] = constraints as [unknown, unknown];
  switch (name) {
    case 'isInt':
      if (target.type === undefined || target.type === 'number') target.type = 'integer';
      break;
    case 'min':
      target.minimum = first as number;
      break;
    case 'max':
      target.maximum = first as number;
      break;
    case 'isLength':
      target.minLength = first as number;
      if (typeof second === 'number') target.maxLength = second;
      break;
    case 'minLength':
      target.minLength = first as number;
      break;
    case 'maxLength':
      target.maxLength = first as number;
      break;
    case 'isNotEmpty':
      target.minLength = Math.max(1, target.minLength ?? 0);
      break;
    case 'arrayMinSize':
      property.minItems = first as number;
      break;
    case 'arrayMaxSize':
      property.maxItems = first as number;
      break;
    case 'matches':
      if (first instanceof RegExp && target.pattern === undefined) target.pattern = first.source;
      break;
    case 'isUuid':
      target.format ??= 'uuid';
      break;
    case 'isMoney':
      target.minimum = 0;
      target.maximum = MONEY_MAX;
      break;
    default:
      break;
  }
};

/**
 * Request-body schemas say what the ValidationPipe enforces: bounds, lengths and integer types
 * from the class-validator decorators, and `additionalProperties: false` because unknown
 * fields are refused (forbidNonWhitelisted).
 */
const describeValidation = (document: OpenAPIObject, bodyTypes: Type[]): void => {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const storage = getMetadataStorage();
  for (const [name, cls] of inputClasses(bodyTypes)) {
    const schema = schemas[name];
    if (!schema || schema.type !== 'object') continue;
    schema.additionalProperties ??= false;
    for (const meta of storage.getTargetValidationMetadatas(cls, '', false, false)) {
      const property = schema.properties?.[meta.propertyName];
      if (!property || property.$ref || !meta.name) continue;
      applyConstraint(property, meta.name, (meta.constraints ?? []) as unknown[], meta.each);
    }
  }
};

const errorResponse = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
});

/**
 * Error answers the global pipeline gives any operation, documented where they can occur:
 * bodies (malformed/too-deep JSON 400, over BODY_LIMIT 413, validation 422), path parameters
 * (malformed id 400, unknown id 404) and query parameters (validation 422).
 */
const describePipelineErrors = (document: OpenAPIObject): void => {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation?.responses) continue;
      const add = (status: string, description: string): void => {
        operation.responses[status] ??= errorResponse(description);
      };
      const parameters = operation.parameters ?? [];
      if (operation.requestBody) {
        add('400', 'Malformed JSON, or a body nested or sized beyond the limits');
        add('413', 'Body larger than BODY_LIMIT');
        add('422', 'Invalid input (per-field `errors`)');
      }
      if (parameters.some((parameter) => parameter.in === 'path')) {
        add('400', 'Malformed path parameter');
        add('404', 'Not found');
      }
      if (parameters.some((parameter) => parameter.in === 'query' && parameter.name !== 'token')) {
        add('422', 'Invalid query parameter (per-field `errors`)');
      }
    }
  }
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * A concrete path beats a templated one (`…/inclusions/batch` over `…/inclusions/{id}`), as in
 * OpenAPI and in the api's method check: a templated operation whose parameter value names a
 * concrete sibling path that lacks its method answers 405 (with `Allow`) for that value.
 */
const describeShadowedPaths = (document: OpenAPIObject): void => {
  const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);
  const isParam = (segment: string): boolean => segment.startsWith('{');
  const paths = Object.entries(document.paths);
  for (const [path, item] of paths) {
    const template = segmentsOf(path);
    if (!template.some(isParam)) continue;
    for (const [otherPath, other] of paths) {
      const concrete = segmentsOf(otherPath);
      if (otherPath === path || concrete.length !== template.length) continue;
      const shadows = template.every(
        (segment, i) =>
          segment === concrete[i] || (isParam(segment) && !isParam(concrete[i] ?? '{')),
      );
      if (!shadows) continue;
      for (const method of HTTP_METHODS) {
        const operation = item[method] as Operation | undefined;
        if (!operation?.responses || other[method]) continue;
        operation.responses['405'] ??= errorResponse(
          `Method not allowed: a parameter value that names \`${otherPath}\` is that path`,
        );
      }
    }
  }
};

/** Completes the generated document so it describes the api's actual contract. */
export const completeContract = (document: OpenAPIObject, bodyTypes: Type[]): OpenAPIObject => {
  describeValidation(document, bodyTypes);
  describePipelineErrors(document);
  describeShadowedPaths(document);
  return document;
};
