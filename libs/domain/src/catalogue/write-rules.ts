import { invalid, notFound } from '../errors';

/** Error codes of refused catalogue writes (the `code` of the 4xx body). */
export const CatalogueErrorCode = {
  DUPLICATE: 'CATALOGUE_DUPLICATE',
  INVALID_REFERENCE: 'CATALOGUE_INVALID_REFERENCE',
  INVALID: 'CATALOGUE_INVALID',
  FIELD_IN_USE: 'CATALOGUE_FIELD_IN_USE',
} as const;

/** Deepest element hierarchy accepted (a parent chain longer than this is refused). */
export const MAX_ELEMENT_DEPTH = 10;

const present = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined;

/** A min/max pair (tier element counts, inclusion quantities): the maximum is not below the minimum. */
export function checkRange(
  min: number | null | undefined,
  max: number | null | undefined,
  what: string,
): void {
  if (present(min) && present(max) && max < min) {
    throw invalid(
      CatalogueErrorCode.INVALID,
      `${what}: el máximo no puede ser menor que el mínimo`,
    );
  }
}

/** A tier inclusion names exactly one target (an element or another tier) and never its own tier. */
export function checkInclusionTarget(inclusion: {
  tierId: string;
  elementId: string | null;
  includedTierId: string | null;
  minQuantity: number | null;
  maxQuantity: number | null;
}): void {
  if ((inclusion.elementId === null) === (inclusion.includedTierId === null)) {
    throw invalid(
      CatalogueErrorCode.INVALID,
      'Indique element_id o included_tier_id (exactamente uno)',
    );
  }
  checkRange(inclusion.minQuantity, inclusion.maxQuantity, 'Cantidad');
  if (inclusion.includedTierId === inclusion.tierId) {
    throw invalid(CatalogueErrorCode.INVALID, 'Una tarifa no puede incluirse a sí misma');
  }
}

/** What the parent check needs of an element. */
export interface ElementNode {
  id: string;
  categoryId: string;
  parentElementId: string | null;
}

/**
 * A parent element exists, is of the same category, and the hierarchy stays acyclic (the
 * element is not among its parent's ancestors) and at most MAX_ELEMENT_DEPTH deep.
 * `load` reads one element by id (null when it does not exist).
 */
export async function checkElementParent(
  element: { id: string | null; categoryId: string },
  parentId: string,
  load: (id: string) => Promise<ElementNode | null>,
): Promise<void> {
  let cursor = await load(parentId);
  if (!cursor) throw notFound('Elemento padre', parentId);
  if (cursor.categoryId !== element.categoryId) {
    throw invalid(
      CatalogueErrorCode.INVALID_REFERENCE,
      'El elemento padre pertenece a otra categoría',
    );
  }
  for (let depth = 0; cursor; depth += 1) {
    if (cursor.id === element.id)
      throw invalid(CatalogueErrorCode.INVALID, 'La jerarquía de elementos no puede tener ciclos');
    if (depth >= MAX_ELEMENT_DEPTH)
      throw invalid(CatalogueErrorCode.INVALID, `Jerarquía de más de ${MAX_ELEMENT_DEPTH} niveles`);
    cursor = cursor.parentElementId ? await load(cursor.parentElementId) : null;
  }
}

/** The parts of a required field its definition rules look at. */
export interface RequiredFieldDefinition {
  id?: string | null;
  elementId: string;
  fieldType: string;
  options: readonly string[] | null;
  validationRules: Record<string, unknown> | null;
  conditionFieldId: string | null;
  conditionOperator: string | null;
  conditionValue: string | null;
}

/** Operators that compare with condition_value (so it must be given). */
const VALUE_OPERATORS = ['equals', 'not_equals'];

/**
 * A required field's definition is coherent: a select has options, a validation pattern is a
 * valid regular expression, a condition names both its field and operator, never the field
 * itself, and has the value its operator compares with. The condition's field must also be a
 * field of the same element: `conditionSource` is that field as stored (null when missing).
 */
export function checkRequiredFieldDefinition(
  field: RequiredFieldDefinition,
  conditionSource?: { elementId: string } | null,
): void {
  if (field.fieldType === 'select' && !(field.options && field.options.length > 0)) {
    throw invalid(CatalogueErrorCode.INVALID, 'Un campo select necesita opciones');
  }
  const pattern = field.validationRules?.pattern;
  if (pattern !== undefined) {
    try {
      if (typeof pattern !== 'string') throw new TypeError('pattern');
      new RegExp(pattern);
    } catch {
      throw invalid(
        CatalogueErrorCode.INVALID,
        'validation_rules.pattern no es una expresión regular válida',
      );
    }
  }
  if ((field.conditionFieldId === null) !== (field.conditionOperator === null)) {
    throw invalid(CatalogueErrorCode.INVALID, 'condition_field_id y condition_operator van juntos');
  }
  if (!field.conditionFieldId) return;
  if (field.id && field.conditionFieldId === field.id) {
    throw invalid(CatalogueErrorCode.INVALID, 'Un campo no puede depender de sí mismo');
  }
  if (!conditionSource || conditionSource.elementId !== field.elementId) {
    throw invalid(
      CatalogueErrorCode.INVALID_REFERENCE,
      'El campo de la condición debe ser del mismo elemento',
    );
  }
  if (VALUE_OPERATORS.includes(field.conditionOperator ?? '') && !field.conditionValue) {
    throw invalid(
      CatalogueErrorCode.INVALID,
      `${field.conditionOperator} necesita condition_value`,
    );
  }
}
