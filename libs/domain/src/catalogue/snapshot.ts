/**
 * In-memory picture of one vehicle category's tariff catalogue: everything the quote engine
 * needs, with no framework types. The api builds it from PostgreSQL (and caches it in Redis),
 * the seed builds it from JSON, the future customer agent reads the same cached snapshot, so
 * every consumer prices with the same engine and the same data.
 *
 * Field names are camelCase TypeScript; prices are EUR without VAT as numbers with 2 decimals.
 */

export const CLIENT_TYPES = ['particular', 'professional'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const WARNING_SEVERITIES = ['info', 'warning', 'error'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

/**
 * The one set of element-warning show conditions, shared by API validation and evaluation, so
 * the API accepts exactly what the engine evaluates.
 *  - always:        whenever the element appears (quotes and element documentation)
 *  - if_selected:   only in a quote that includes the element
 *  - on_exceed_max: in a quote whose quantity of the element is above `thresholdQuantity`
 *  - on_below_min:  in a quote whose quantity of the element is below `thresholdQuantity`
 */
export const SHOW_CONDITIONS = ['always', 'if_selected', 'on_exceed_max', 'on_below_min'] as const;
export type ShowCondition = (typeof SHOW_CONDITIONS)[number];
export const THRESHOLD_SHOW_CONDITIONS: readonly ShowCondition[] = [
  'on_exceed_max',
  'on_below_min',
];

export const IMAGE_TYPES = [
  'example',
  'required_document',
  'warning',
  'step',
  'calculation',
] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const IMAGE_STATUSES = ['active', 'placeholder', 'unavailable'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const FIELD_TYPES = ['text', 'number', 'boolean', 'select'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const CONDITION_OPERATORS = ['equals', 'not_equals', 'exists', 'not_exists'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export const PROMPT_SECTION_TYPES = [
  'algorithm',
  'recognition_table',
  'special_cases',
  'footer',
] as const;
export type PromptSectionType = (typeof PROMPT_SECTION_TYPES)[number];

/** `tariff_tiers.classification_rules` (JSONB). */
export interface ClassificationRules {
  appliesIfAny: string[];
  /** Lower = evaluated earlier; 999 when absent. */
  priority: number;
  requiresProject: boolean;
  notes?: string | null;
  /**
   * Group quotas of the tariff sheets ("1 project element + up to 2 base elements"): for each
   * limit, at most `maxElements` of the quoted quantity may fall outside the inclusions of tier
   * `tierCode`. Stored as `outside_tier_limits: [{tier_code, max_elements}]` in
   * `classification_rules`.
   */
  outsideTierLimits?: { tierCode: string; maxElements: number }[];
}

/** `warnings.trigger_conditions` (JSONB). */
export interface TriggerConditions {
  elementKeywords?: string[];
  /** Element codes: shown when any of them is quoted. */
  showWithElements?: string[];
  alwaysShow?: boolean;
}

export interface SnapshotCategory {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  icon: string | null;
  clientType: ClientType;
  isActive: boolean;
  sortOrder: number;
}

export interface SnapshotTier {
  id: string;
  code: string;
  name: string;
  description: string | null;
  price: number;
  conditions: string | null;
  classificationRules: ClassificationRules | null;
  minElements: number | null;
  maxElements: number | null;
  isActive: boolean;
  sortOrder: number;
}

export interface SnapshotImage {
  id: string;
  imageUrl: string;
  imageType: ImageType;
  title: string | null;
  description: string | null;
  sortOrder: number;
  isRequired: boolean;
  status: ImageStatus;
  userInstruction: string | null;
}

export interface ValidationRules {
  min?: number;
  min_value?: number;
  max?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  pattern?: string;
  pattern_description?: string;
  example?: string;
}

export interface SnapshotRequiredField {
  id: string;
  fieldKey: string;
  fieldLabel: string;
  fieldType: FieldType;
  options: string[] | null;
  isRequired: boolean;
  validationRules: ValidationRules | null;
  exampleValue: string | null;
  llmInstruction: string | null;
  conditionFieldId: string | null;
  conditionOperator: ConditionOperator | null;
  conditionValue: string | null;
  sortOrder: number;
  isActive: boolean;
}

export interface SnapshotElementWarningLink {
  warningId: string;
  showCondition: ShowCondition;
  thresholdQuantity: number | null;
}

export interface SnapshotElement {
  id: string;
  code: string;
  name: string;
  description: string | null;
  keywords: string[];
  aliases: string[];
  isActive: boolean;
  sortOrder: number;
  parentElementId: string | null;
  variantType: string | null;
  variantCode: string | null;
  questionHint: string | null;
  multiSelectKeywords: string[];
  inheritParentData: boolean;
  images: SnapshotImage[];
  requiredFields: SnapshotRequiredField[];
  warnings: SnapshotElementWarningLink[];
}

export interface SnapshotInclusion {
  id: string;
  tierId: string;
  elementId: string | null;
  includedTierId: string | null;
  minQuantity: number | null;
  maxQuantity: number | null;
}

export interface SnapshotWarning {
  id: string;
  code: string;
  message: string;
  severity: WarningSeverity;
  categoryId: string | null;
  tierId: string | null;
  elementId: string | null;
  triggerConditions: TriggerConditions | null;
  isActive: boolean;
}

export interface SnapshotService {
  id: string;
  categoryId: string | null;
  code: string;
  name: string;
  description: string | null;
  price: number;
  isActive: boolean;
  sortOrder: number;
}

export interface SnapshotBaseDocument {
  id: string;
  description: string;
  imageUrl: string | null;
  sortOrder: number;
}

export interface CatalogueSnapshot {
  /** Bumped by the producer on every rebuild; lets consumers tell two snapshots apart. */
  version: string;
  category: SnapshotCategory;
  tiers: SnapshotTier[];
  /** All elements of the category, active or not (inactive ones are never matched or quoted). */
  elements: SnapshotElement[];
  inclusions: SnapshotInclusion[];
  /** Global (unscoped) warnings plus the ones scoped to this category, its tiers or elements. */
  warnings: SnapshotWarning[];
  /** Category services plus global ones (category_id null). */
  additionalServices: SnapshotService[];
  baseDocumentation: SnapshotBaseDocument[];
}
