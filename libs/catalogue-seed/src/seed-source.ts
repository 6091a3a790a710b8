import aseicarsProf from './data/aseicars-prof.json';
import motosPart from './data/motos-part.json';
import tierMappings from './data/tier-mappings.json';

/** Shapes of the seed JSON (the company's tariff sheets as data; see data/SOURCE.md). */
export interface SourceRequiredField {
  field_key: string;
  field_label: string;
  field_type: string;
  sort_order: number;
  options?: string[];
  is_required?: boolean;
  example_value?: string;
  llm_instruction?: string;
  validation_rules?: Record<string, unknown>;
  condition_field_key?: string;
  condition_operator?: string;
  condition_value?: string;
}

export interface SourceInlineWarning {
  code: string;
  message: string;
  severity: string;
}

export interface SourceImage {
  title: string;
  description?: string;
  image_type: string;
  sort_order: number;
  is_required?: boolean;
  user_instruction?: string;
}

export interface SourceElement {
  code: string;
  name: string;
  description?: string;
  keywords: string[];
  aliases?: string[];
  sort_order: number;
  is_active?: boolean;
  is_base?: boolean;
  parent_code?: string;
  variant_type?: string;
  variant_code?: string;
  question_hint?: string;
  multi_select_keywords?: string[];
  warnings?: SourceInlineWarning[];
  required_fields?: SourceRequiredField[];
  images?: SourceImage[];
}

export interface SourceTier {
  code: string;
  name: string;
  description?: string;
  price: number;
  conditions?: string;
  classification_rules: {
    applies_if_any: string[];
    priority: number;
    requires_project: boolean;
    notes?: string;
  };
  sort_order: number;
  min_elements?: number;
  max_elements?: number;
}

export interface SourceCategoryFile {
  CATEGORY_SLUG: string;
  CATEGORY: {
    slug: string;
    name: string;
    description?: string;
    icon?: string;
    client_type: string;
  };
  TIERS: SourceTier[];
  ELEMENTS: SourceElement[];
  CATEGORY_WARNINGS: (SourceInlineWarning & { trigger_conditions?: Record<string, unknown> })[];
  ADDITIONAL_SERVICES: {
    code: string;
    name: string;
    price: number;
    sort_order: number;
    description?: string;
  }[];
  BASE_DOCUMENTATION: {
    code: string;
    description: string;
    sort_order: number;
    image_url?: string;
  }[];
  PROMPT_SECTIONS: { code: string; section_type: string; content: string; is_active: boolean }[];
}

export type TierMappings = typeof tierMappings;

export const SOURCE_CATEGORIES: readonly SourceCategoryFile[] = [motosPart, aseicarsProf];

export const SOURCE_TIER_MAPPINGS: TierMappings = tierMappings;
