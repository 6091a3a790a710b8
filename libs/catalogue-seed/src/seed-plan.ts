import {
  BaseDocRowLike,
  CategoryRowLike,
  ElementRowLike,
  ElementWarningRowLike,
  ImageRowLike,
  InclusionRowLike,
  RequiredFieldRowLike,
  ServiceRowLike,
  TierRowLike,
  WarningRowLike,
} from '@app/domain';
import { seedId } from './uuid-v5';
import {
  SOURCE_CATEGORIES,
  SOURCE_TIER_MAPPINGS,
  SourceCategoryFile,
  SourceElement,
} from './seed-source';

/**
 * The seed as rows, exactly as they will be stored (camelCase properties of the entities,
 * JSONB columns in their stored snake_case form, money as numeric strings). Pure: the seed
 * command writes these rows and the engine tests build their snapshot from the same rows, so
 * the tests price with what a fresh database contains.
 */
// The row shapes are the domain's (one declaration for entities, seed and snapshot); the seed
// narrows them to what it writes and adds the keys the snapshot converter does not read.
export interface SeedCategoryRow extends CategoryRowLike {
  clientType: 'particular' | 'professional';
}
export interface SeedTierRow extends TierRowLike {
  categoryId: string;
  price: string;
  classificationRules: Record<string, unknown>;
}
export interface SeedElementRow extends ElementRowLike {
  categoryId: string;
  aliases: string[];
  multiSelectKeywords: string[];
}
export interface SeedImageRow extends ImageRowLike {
  status: 'active' | 'placeholder' | 'unavailable';
}
export interface SeedRequiredFieldRow extends RequiredFieldRowLike {
  validationRules: Record<string, unknown> | null;
}
export interface SeedInclusionRow extends InclusionRowLike {
  notes: string | null;
}
export interface SeedWarningRow extends WarningRowLike {
  triggerConditions: Record<string, unknown> | null;
}
export interface SeedElementWarningRow extends ElementWarningRowLike {
  id: string;
}
export interface SeedServiceRow extends ServiceRowLike {
  price: string;
}
export interface SeedBaseDocRow extends BaseDocRowLike {
  categoryId: string;
}
export interface SeedPromptSectionRow {
  id: string;
  categoryId: string;
  sectionType: string;
  content: string;
  isActive: boolean;
  version: number;
}

export interface SeedCategoryPlan {
  category: SeedCategoryRow;
  tiers: SeedTierRow[];
  elements: SeedElementRow[];
  images: SeedImageRow[];
  requiredFields: SeedRequiredFieldRow[];
  inclusions: SeedInclusionRow[];
  warnings: SeedWarningRow[];
  elementWarnings: SeedElementWarningRow[];
  services: SeedServiceRow[];
  baseDocs: SeedBaseDocRow[];
  promptSections: SeedPromptSectionRow[];
}

/** One inclusion list of a tier: element codes (mapping names) and the cap for each. */
interface InclusionSpec {
  codes: string[];
  max: number | null;
}
interface TierInclusionPlan {
  elements: InclusionSpec[];
  includedTiers: string[];
}

/**
 * Decisions on the source inconsistencies (seed README, "Known inconsistencies"). Each is
 * applied below and covered by libs/catalogue-seed/src/seed-plan.spec.ts; see
 * docs/adr/0004-tariff-catalogue-and-quote-engine.md.
 *
 * D1  aseicars mapping names `ESC_MEC` and `PLACA_200W`, which are not element codes: they are
 *     `ESCALON_ELEC` and the roof solar panel. The T6/T5 notes ("placas sin regulador" in T6,
 *     "placas con regulador en maletero" in T5) decide the variant: PLACA_200W =
 *     PLACA_SOLAR_SIMPLE (regulator inside); PLACA_SOLAR_MALETERO first appears in T5.
 * D2  A base element with variants (SUSPENSION, LUCES, TOLDO_LAT, BOLA_REMOLQUE, …) is never
 *     quoted, so it never gets an inclusion row. A mapping entry naming a base stands for its
 *     variants that the mapping does not place elsewhere (TOLDO_LAT → TOLDO_SIMPLE and
 *     TOLDO_GALIBO; BOLA_REMOLQUE in T4 adds nothing: BOLA_SIN_MMR is listed in T4 and
 *     BOLA_CON_MMR in T2).
 * D3  motos T1 keywords "discos/pinzas/bomba de freno" contradict the mapping, which lists
 *     FRENADO_DISCOS/PINZAS/BOMBAS in the base list (no project): the mapping wins and those
 *     keywords are dropped (the elements' own warnings mention the possible +375 € braking test).
 * D4  aseicars T4 has `min_elements: 4` but the mapping says "sin límite T6 + elementos T4":
 *     the minimum is dropped, otherwise a single skylight or tow ball would cost a full project.
 * D5  aseicars T3 keywords "gas"/"instalacion gas" vs the mapping's GLP elements in T1: the
 *     mapping wins (GLP variants are only included in T1). Keywords are compared as whole
 *     stemmed words against element names, which never contain "gas", so no keyword changes.
 * D6  Group quotas of the sheets ("1 T3 element + up to 2 base elements") cannot be stored
 *     per element: they become per-element caps, the tier's `max_elements` (motos T3 max 3,
 *     T2 max 6) and `classification_rules.outside_tier_limits` ("at most N elements outside
 *     T4's list": motos T3 1, T2 2; aseicars T3 1, T2 3 and at most 1 outside T3's list).
 * D7  Where the mapping is silent, project tiers also include the no-project lists of cheaper
 *     tiers (aseicars T3/T2 include the T4 list; T1 includes everything through T2 and T4).
 * D8  PLACA_SOLAR_MALETERO needs a low-voltage bulletin, so it is excluded from T6 but belongs to
 *     the "T6 family" from T5 upwards.
 * D9  AIRE_ACONDI is inactive in the source ("not a reform since 07/11/2025"): seeded inactive,
 *     its T4 inclusion kept so re-activating it needs no other change.
 * D10 BRAZO_PORTA is an accessory of BOLA_SIN_MMR (variant_type `accessory`): BOLA_SIN_MMR stays
 *     quotable; BRAZO_PORTA is priced from the T2 list.
 * D11 Inline element warnings become a warning scoped to that element plus an
 *     element↔warning association (`always`), which is what the admin panel edits.
 * D12 aseicars images have no URL in the source: they get a stable relative placeholder URL and
 *     status `placeholder`, so they are listed for staff and never sent to customers.
 */
export const SEED_DECISIONS = 'D1–D12: see the comment above buildSeedPlan';

const MOTOS = SOURCE_TIER_MAPPINGS.MOTOS_PART_MAPPINGS;
const ASEICARS = SOURCE_TIER_MAPPINGS.ASEICARS_PROF_MAPPINGS;

/** D1: mapping names that are not element codes. */
const MAPPING_RENAMES: Record<string, string> = {
  ESC_MEC: 'ESCALON_ELEC',
  PLACA_200W: 'PLACA_SOLAR_SIMPLE',
};
/** D3: T1 keywords dropped because the mapping puts those elements in the base list. */
const MOTOS_T1_DROPPED_KEYWORDS = new Set([
  'bomba de freno',
  'bomba freno',
  'pinzas de freno',
  'pinzas freno',
  'discos de freno',
  'discos freno',
]);
/** D6: max elements of motos project tiers (1 T3 + 2 base; 2 T3 + 4 base). */
const MOTOS_TIER_MAX: Record<string, number> = { T3: 3, T2: 6 };
/** D6: group quotas as "at most N elements outside tier X's inclusions". */
const OUTSIDE_LIMITS: Record<
  string,
  Record<string, { tier_code: string; max_elements: number }[]>
> = {
  'motos-part': {
    T3: [{ tier_code: 'T4', max_elements: 1 }],
    T2: [{ tier_code: 'T4', max_elements: 2 }],
  },
  'aseicars-prof': {
    T3: [{ tier_code: 'T4', max_elements: 1 }],
    T2: [
      { tier_code: 'T4', max_elements: 3 },
      { tier_code: 'T3', max_elements: 1 },
    ],
  },
};

const base = (list: readonly string[]): string[] => [...list];

const INCLUSION_PLANS: Record<string, Record<string, TierInclusionPlan>> = {
  'motos-part': {
    T6: { elements: [{ codes: base(MOTOS.T4_BASE_ELEMENTS), max: 1 }], includedTiers: [] },
    T5: { elements: [{ codes: base(MOTOS.T4_BASE_ELEMENTS), max: 2 }], includedTiers: [] },
    T4: { elements: [{ codes: base(MOTOS.T4_BASE_ELEMENTS), max: null }], includedTiers: [] },
    T3: {
      elements: [
        { codes: base(MOTOS.T3_ELEMENTS), max: 1 },
        { codes: base(MOTOS.T4_BASE_ELEMENTS), max: 2 },
      ],
      includedTiers: [],
    },
    T2: {
      elements: [
        { codes: base(MOTOS.T3_ELEMENTS), max: 2 },
        { codes: base(MOTOS.T4_BASE_ELEMENTS), max: 4 },
      ],
      includedTiers: [],
    },
    T1: {
      elements: [{ codes: base(MOTOS.T1_ONLY_ELEMENTS), max: null }],
      includedTiers: ['T2', 'T4'],
    },
  },
  'aseicars-prof': {
    T6: { elements: [{ codes: base(ASEICARS.T6_ELEMENTS), max: 1 }], includedTiers: [] },
    T5: {
      elements: [{ codes: [...ASEICARS.T6_ELEMENTS, 'PLACA_SOLAR_MALETERO'], max: 3 }],
      includedTiers: [],
    },
    T4: {
      elements: [
        { codes: [...ASEICARS.T6_ELEMENTS, 'PLACA_SOLAR_MALETERO'], max: null },
        { codes: base(ASEICARS.T4_ELEMENTS), max: null },
      ],
      includedTiers: [],
    },
    T3: {
      elements: [
        { codes: [...ASEICARS.T6_ELEMENTS, 'PLACA_SOLAR_MALETERO'], max: null },
        { codes: base(ASEICARS.T4_ELEMENTS), max: null },
        { codes: base(ASEICARS.T3_ELEMENTS), max: 1 },
      ],
      includedTiers: [],
    },
    T2: {
      elements: [
        { codes: [...ASEICARS.T6_ELEMENTS, 'PLACA_SOLAR_MALETERO'], max: null },
        { codes: base(ASEICARS.T4_ELEMENTS), max: null },
        { codes: base(ASEICARS.T3_ELEMENTS), max: 2 },
        { codes: base(ASEICARS.T2_ELEMENTS), max: 1 },
      ],
      includedTiers: [],
    },
    T1: {
      elements: [{ codes: base(ASEICARS.T1_ELEMENTS), max: null }],
      includedTiers: ['T2', 'T4'],
    },
  },
};

const PLACEHOLDER_IMAGE = (slug: string, code: string, order: number): string =>
  `/images/placeholders/${slug}/${code.toLowerCase()}-${order}.jpg`;

const money = (value: number): string => value.toFixed(2);

/**
 * Expands mapping names into quotable element codes (D1, D2). Unknown names fail loudly: a typo
 * in the mapping must not silently shrink a tier.
 */
export const expandMappingCodes = (
  source: SourceCategoryFile,
  names: readonly string[],
  listedElsewhere: ReadonlySet<string>,
): string[] => {
  const byCode = new Map(source.ELEMENTS.map((el) => [el.code, el]));
  const children = (code: string): SourceElement[] =>
    source.ELEMENTS.filter((el) => el.parent_code === code && el.variant_type !== 'accessory');
  const result: string[] = [];
  for (const name of names) {
    const code = MAPPING_RENAMES[name] ?? name;
    if (!byCode.has(code)) throw new Error(`seed mapping names unknown element ${name}`);
    const variants = children(code);
    if (variants.length === 0) {
      result.push(code);
      continue;
    }
    for (const variant of variants) {
      if (!listedElsewhere.has(variant.code)) result.push(variant.code);
    }
  }
  return [...new Set(result)];
};

const buildCategory = (source: SourceCategoryFile, sortOrder: number): SeedCategoryPlan => {
  const slug = source.CATEGORY_SLUG;
  const id = (entity: string, code: string): string => seedId(slug, entity, code);
  const categoryId = id('category', slug);
  const category: SeedCategoryRow = {
    id: categoryId,
    slug,
    name: source.CATEGORY.name,
    description: source.CATEGORY.description ?? null,
    icon: source.CATEGORY.icon ?? null,
    clientType: source.CATEGORY.client_type === 'professional' ? 'professional' : 'particular',
    isActive: true,
    sortOrder,
  };

  const tiers: SeedTierRow[] = source.TIERS.map((tier) => {
    let keywords = tier.classification_rules.applies_if_any;
    let minElements = tier.min_elements ?? null;
    let maxElements = tier.max_elements ?? null;
    if (slug === 'motos-part' && tier.code === 'T1') {
      keywords = keywords.filter((keyword) => !MOTOS_T1_DROPPED_KEYWORDS.has(keyword)); // D3
    }
    if (slug === 'motos-part' && MOTOS_TIER_MAX[tier.code] !== undefined) {
      maxElements = MOTOS_TIER_MAX[tier.code] ?? null; // D6
    }
    if (slug === 'aseicars-prof' && tier.code === 'T4') minElements = null; // D4
    return {
      id: id('tier', tier.code),
      categoryId,
      code: tier.code,
      name: tier.name,
      description: tier.description ?? null,
      price: money(tier.price),
      conditions: tier.conditions ?? null,
      classificationRules: {
        ...tier.classification_rules,
        applies_if_any: keywords,
        ...(OUTSIDE_LIMITS[slug]?.[tier.code]
          ? { outside_tier_limits: OUTSIDE_LIMITS[slug]?.[tier.code] }
          : {}),
      },
      minElements,
      maxElements,
      isActive: true,
      sortOrder: tier.sort_order,
    };
  });
  const tierIdByCode = new Map(tiers.map((tier) => [tier.code, tier.id]));

  const elementIdByCode = new Map(source.ELEMENTS.map((el) => [el.code, id('element', el.code)]));
  const elements: SeedElementRow[] = source.ELEMENTS.map((el) => ({
    id: elementIdByCode.get(el.code) as string,
    categoryId,
    code: el.code,
    name: el.name,
    description: el.description ?? null,
    keywords: el.keywords,
    aliases: el.aliases ?? [],
    isActive: el.is_active ?? true, // D9
    sortOrder: el.sort_order,
    parentElementId: el.parent_code ? (elementIdByCode.get(el.parent_code) ?? null) : null,
    variantType: el.variant_type ?? null,
    variantCode: el.variant_code ?? null,
    questionHint: el.question_hint ?? null,
    multiSelectKeywords: el.multi_select_keywords ?? [],
    inheritParentData: true,
  }));

  const images: SeedImageRow[] = source.ELEMENTS.flatMap((el) =>
    (el.images ?? []).map((image) => ({
      id: id('element_image', `${el.code}:${image.sort_order}`),
      elementId: elementIdByCode.get(el.code) as string,
      imageUrl: PLACEHOLDER_IMAGE(slug, el.code, image.sort_order), // D12
      imageType: image.image_type,
      title: image.title,
      description: image.description ?? null,
      sortOrder: image.sort_order,
      isRequired: image.is_required ?? false,
      status: 'placeholder' as const,
      userInstruction: image.user_instruction ?? null,
    })),
  );

  const requiredFields: SeedRequiredFieldRow[] = source.ELEMENTS.flatMap((el) => {
    const fieldId = (key: string): string => id('required_field', `${el.code}:${key}`);
    return (el.required_fields ?? []).map((field) => {
      if (
        field.condition_field_key &&
        !(el.required_fields ?? []).some((other) => other.field_key === field.condition_field_key)
      ) {
        throw new Error(
          `${el.code}.${field.field_key} depends on unknown ${field.condition_field_key}`,
        );
      }
      return {
        id: fieldId(field.field_key),
        elementId: elementIdByCode.get(el.code) as string,
        fieldKey: field.field_key,
        fieldLabel: field.field_label,
        fieldType: field.field_type,
        options: field.options ?? null,
        isRequired: field.is_required ?? true,
        validationRules: field.validation_rules ?? null,
        exampleValue: field.example_value ?? null,
        llmInstruction: field.llm_instruction ?? null,
        conditionFieldId: field.condition_field_key ? fieldId(field.condition_field_key) : null,
        conditionOperator: field.condition_operator ?? null,
        conditionValue: field.condition_value ?? null,
        sortOrder: field.sort_order,
        isActive: true,
      };
    });
  });

  const plans = INCLUSION_PLANS[slug];
  if (!plans) throw new Error(`no inclusion plan for ${slug}`);
  const listed = new Set(
    Object.values(plans)
      .flatMap((plan) => plan.elements.flatMap((spec) => spec.codes))
      .map((name) => MAPPING_RENAMES[name] ?? name),
  );
  const inclusions: SeedInclusionRow[] = [];
  for (const tier of tiers) {
    const plan = plans[tier.code];
    if (!plan) continue;
    const caps = new Map<string, number | null>();
    for (const spec of plan.elements) {
      for (const code of expandMappingCodes(source, spec.codes, listed)) {
        const current = caps.get(code);
        caps.set(
          code,
          current === undefined
            ? spec.max
            : current === null || spec.max === null
              ? null
              : Math.max(current, spec.max),
        );
      }
    }
    for (const [code, max] of caps) {
      inclusions.push({
        id: id('inclusion', `${tier.code}:${code}`),
        tierId: tier.id,
        elementId: elementIdByCode.get(code) as string,
        includedTierId: null,
        minQuantity: null,
        maxQuantity: max,
        notes: null,
      });
    }
    for (const included of plan.includedTiers) {
      inclusions.push({
        id: id('inclusion', `${tier.code}:tier:${included}`),
        tierId: tier.id,
        elementId: null,
        includedTierId: tierIdByCode.get(included) as string,
        minQuantity: null,
        maxQuantity: null,
        notes: `Incluye todo lo de ${included}`,
      });
    }
  }

  const warnings: SeedWarningRow[] = source.CATEGORY_WARNINGS.map((warning) => ({
    id: id('warning', warning.code),
    code: warning.code,
    message: warning.message,
    severity: warning.severity,
    categoryId,
    tierId: null,
    elementId: null,
    triggerConditions: warning.trigger_conditions ?? null,
    isActive: true,
  }));
  const elementWarnings: SeedElementWarningRow[] = [];
  for (const el of source.ELEMENTS) {
    for (const warning of el.warnings ?? []) {
      const warningId = id('warning', warning.code);
      const elementId = elementIdByCode.get(el.code) as string;
      warnings.push({
        id: warningId,
        code: warning.code,
        message: warning.message,
        severity: warning.severity,
        categoryId: null,
        tierId: null,
        elementId, // D11
        triggerConditions: null,
        isActive: true,
      });
      elementWarnings.push({
        id: id('element_warning', `${el.code}:${warning.code}`),
        elementId,
        warningId,
        showCondition: 'always',
        thresholdQuantity: null,
      });
    }
  }

  return {
    category,
    tiers,
    elements,
    images,
    requiredFields,
    inclusions,
    warnings,
    elementWarnings,
    services: source.ADDITIONAL_SERVICES.map((service) => ({
      id: id('service', service.code),
      categoryId,
      code: service.code,
      name: service.name,
      description: service.description ?? null,
      price: money(service.price),
      isActive: true,
      sortOrder: service.sort_order,
    })),
    baseDocs: source.BASE_DOCUMENTATION.map((doc) => ({
      id: id('base_doc', doc.code),
      categoryId,
      description: doc.description,
      imageUrl: doc.image_url ?? null,
      sortOrder: doc.sort_order,
    })),
    promptSections: source.PROMPT_SECTIONS.map((section) => ({
      id: id('prompt_section', section.section_type),
      categoryId,
      sectionType: section.section_type,
      content: section.content,
      isActive: section.is_active,
      version: 1,
    })),
  };
};

let cached: SeedCategoryPlan[] | null = null;

/** Both seeded categories, in the order they are written (parents before children). */
export const buildSeedPlan = (): SeedCategoryPlan[] => {
  cached ??= SOURCE_CATEGORIES.map((source, i) => buildCategory(source, i + 1));
  return cached;
};
