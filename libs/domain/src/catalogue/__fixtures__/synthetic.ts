import {
  CatalogueSnapshot,
  SnapshotElement,
  SnapshotInclusion,
  SnapshotTier,
  SnapshotWarning,
} from '../snapshot';

/** Small hand-made catalogues for rule tests (the seed covers realistic matching). */
export const tier = (
  code: string,
  price: number,
  extra: Partial<SnapshotTier> = {},
): SnapshotTier => ({
  id: `tier-${code}`,
  code,
  name: `Tarifa ${code}`,
  description: null,
  price,
  conditions: null,
  classificationRules: null,
  minElements: null,
  maxElements: null,
  isActive: true,
  sortOrder: Number(code.replace(/\D/g, '')) || 0,
  ...extra,
});

export const element = (code: string, extra: Partial<SnapshotElement> = {}): SnapshotElement => ({
  id: `el-${code}`,
  code,
  name: code.toLowerCase(),
  description: null,
  keywords: [code.toLowerCase()],
  aliases: [],
  isActive: true,
  sortOrder: 0,
  parentElementId: null,
  variantType: null,
  variantCode: null,
  questionHint: null,
  multiSelectKeywords: [],
  inheritParentData: true,
  images: [],
  requiredFields: [],
  warnings: [],
  ...extra,
});

export const includes = (
  tierCode: string,
  target: { element?: string; tier?: string },
  maxQuantity: number | null = null,
): SnapshotInclusion => ({
  id: `inc-${tierCode}-${target.element ?? `t${target.tier}`}`,
  tierId: `tier-${tierCode}`,
  elementId: target.element ? `el-${target.element}` : null,
  includedTierId: target.tier ? `tier-${target.tier}` : null,
  minQuantity: null,
  maxQuantity,
});

export const warning = (code: string, extra: Partial<SnapshotWarning> = {}): SnapshotWarning => ({
  id: `w-${code}`,
  code,
  message: `aviso ${code}`,
  severity: 'warning',
  categoryId: null,
  tierId: null,
  elementId: null,
  triggerConditions: null,
  isActive: true,
  ...extra,
});

export const snapshot = (parts: Partial<CatalogueSnapshot>): CatalogueSnapshot => ({
  version: 'test',
  category: {
    id: 'cat-1',
    slug: 'test-part',
    name: 'Test',
    description: null,
    icon: null,
    clientType: 'particular',
    isActive: true,
    sortOrder: 0,
  },
  tiers: [],
  elements: [],
  inclusions: [],
  warnings: [],
  additionalServices: [],
  baseDocumentation: [],
  ...parts,
});
