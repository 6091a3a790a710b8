import {
  CatalogueSnapshot,
  ClientType,
  ConditionOperator,
  FieldType,
  ImageStatus,
  ImageType,
  ShowCondition,
  WarningSeverity,
} from './snapshot';
import { parseClassificationRules, parseMoney, parseTriggerConditions } from './snapshot-json';

/**
 * Row shapes as stored (the TypeORM entities and the seed plan both satisfy them), so one
 * converter turns database rows and seed rows into the same snapshot.
 */
export interface CategoryRowLike {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  icon: string | null;
  clientType: string;
  isActive: boolean;
  sortOrder: number;
}
export interface TierRowLike {
  id: string;
  code: string;
  name: string;
  description: string | null;
  price: string | number;
  conditions: string | null;
  classificationRules: unknown;
  minElements: number | null;
  maxElements: number | null;
  isActive: boolean;
  sortOrder: number;
}
export interface ElementRowLike {
  id: string;
  code: string;
  name: string;
  description: string | null;
  keywords: string[];
  aliases: string[] | null;
  isActive: boolean;
  sortOrder: number;
  parentElementId: string | null;
  variantType: string | null;
  variantCode: string | null;
  questionHint: string | null;
  multiSelectKeywords: string[] | null;
  inheritParentData: boolean;
}
export interface ImageRowLike {
  id: string;
  elementId: string;
  imageUrl: string;
  imageType: string;
  title: string | null;
  description: string | null;
  sortOrder: number;
  isRequired: boolean;
  status: string;
  userInstruction: string | null;
}
export interface RequiredFieldRowLike {
  id: string;
  elementId: string;
  fieldKey: string;
  fieldLabel: string;
  fieldType: string;
  options: string[] | null;
  isRequired: boolean;
  validationRules: unknown;
  exampleValue: string | null;
  llmInstruction: string | null;
  conditionFieldId: string | null;
  conditionOperator: string | null;
  conditionValue: string | null;
  sortOrder: number;
  isActive: boolean;
}
export interface InclusionRowLike {
  id: string;
  tierId: string;
  elementId: string | null;
  includedTierId: string | null;
  minQuantity: number | null;
  maxQuantity: number | null;
}
export interface WarningRowLike {
  id: string;
  code: string;
  message: string;
  severity: string;
  categoryId: string | null;
  tierId: string | null;
  elementId: string | null;
  triggerConditions: unknown;
  isActive: boolean;
}
export interface ElementWarningRowLike {
  elementId: string;
  warningId: string;
  showCondition: string;
  thresholdQuantity: number | null;
}
export interface ServiceRowLike {
  id: string;
  categoryId: string | null;
  code: string;
  name: string;
  description: string | null;
  price: string | number;
  isActive: boolean;
  sortOrder: number;
}
export interface BaseDocRowLike {
  id: string;
  description: string;
  imageUrl: string | null;
  sortOrder: number;
}

export interface CatalogueRows {
  category: CategoryRowLike;
  tiers: TierRowLike[];
  elements: ElementRowLike[];
  images: ImageRowLike[];
  requiredFields: RequiredFieldRowLike[];
  inclusions: InclusionRowLike[];
  /** Global warnings plus those scoped to this category, its tiers or its elements. */
  warnings: WarningRowLike[];
  elementWarnings: ElementWarningRowLike[];
  /** Category services plus global ones. */
  services: ServiceRowLike[];
  baseDocs: BaseDocRowLike[];
}

const group = <T extends { elementId: string }>(rows: T[]): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.elementId);
    if (list) list.push(row);
    else map.set(row.elementId, [row]);
  }
  return map;
};

export const snapshotFromRows = (rows: CatalogueRows, version: string): CatalogueSnapshot => {
  const images = group(rows.images);
  const fields = group(rows.requiredFields);
  const links = group(rows.elementWarnings);
  return {
    version,
    category: {
      id: rows.category.id,
      slug: rows.category.slug,
      name: rows.category.name,
      description: rows.category.description,
      icon: rows.category.icon,
      clientType: rows.category.clientType as ClientType,
      isActive: rows.category.isActive,
      sortOrder: rows.category.sortOrder,
    },
    tiers: rows.tiers.map((tier) => ({
      id: tier.id,
      code: tier.code,
      name: tier.name,
      description: tier.description,
      price: parseMoney(tier.price),
      conditions: tier.conditions,
      classificationRules: parseClassificationRules(tier.classificationRules),
      minElements: tier.minElements,
      maxElements: tier.maxElements,
      isActive: tier.isActive,
      sortOrder: tier.sortOrder,
    })),
    elements: rows.elements.map((el) => ({
      id: el.id,
      code: el.code,
      name: el.name,
      description: el.description,
      keywords: el.keywords ?? [],
      aliases: el.aliases ?? [],
      isActive: el.isActive,
      sortOrder: el.sortOrder,
      parentElementId: el.parentElementId,
      variantType: el.variantType,
      variantCode: el.variantCode,
      questionHint: el.questionHint,
      multiSelectKeywords: el.multiSelectKeywords ?? [],
      inheritParentData: el.inheritParentData,
      images: (images.get(el.id) ?? []).map((image) => ({
        id: image.id,
        imageUrl: image.imageUrl,
        imageType: image.imageType as ImageType,
        title: image.title,
        description: image.description,
        sortOrder: image.sortOrder,
        isRequired: image.isRequired,
        status: image.status as ImageStatus,
        userInstruction: image.userInstruction,
      })),
      requiredFields: (fields.get(el.id) ?? []).map((field) => ({
        id: field.id,
        fieldKey: field.fieldKey,
        fieldLabel: field.fieldLabel,
        fieldType: field.fieldType as FieldType,
        options: field.options,
        isRequired: field.isRequired,
        validationRules: field.validationRules ?? null,
        exampleValue: field.exampleValue,
        llmInstruction: field.llmInstruction,
        conditionFieldId: field.conditionFieldId,
        conditionOperator: field.conditionOperator as ConditionOperator | null,
        conditionValue: field.conditionValue,
        sortOrder: field.sortOrder,
        isActive: field.isActive,
      })),
      warnings: (links.get(el.id) ?? []).map((link) => ({
        warningId: link.warningId,
        showCondition: link.showCondition as ShowCondition,
        thresholdQuantity: link.thresholdQuantity,
      })),
    })),
    inclusions: rows.inclusions.map((row) => ({
      id: row.id,
      tierId: row.tierId,
      elementId: row.elementId,
      includedTierId: row.includedTierId,
      minQuantity: row.minQuantity,
      maxQuantity: row.maxQuantity,
    })),
    warnings: rows.warnings.map((warning) => ({
      id: warning.id,
      code: warning.code,
      message: warning.message,
      severity: warning.severity as WarningSeverity,
      categoryId: warning.categoryId,
      tierId: warning.tierId,
      elementId: warning.elementId,
      triggerConditions: parseTriggerConditions(warning.triggerConditions),
      isActive: warning.isActive,
    })),
    additionalServices: rows.services.map((service) => ({
      id: service.id,
      categoryId: service.categoryId,
      code: service.code,
      name: service.name,
      description: service.description,
      price: parseMoney(service.price),
      isActive: service.isActive,
      sortOrder: service.sortOrder,
    })),
    baseDocumentation: rows.baseDocs.map((doc) => ({
      id: doc.id,
      description: doc.description,
      imageUrl: doc.imageUrl,
      sortOrder: doc.sortOrder,
    })),
  };
};
