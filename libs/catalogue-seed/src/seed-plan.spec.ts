import { buildSeedPlan, expandMappingCodes, SeedCategoryPlan } from './seed-plan';
import { SOURCE_CATEGORIES } from './seed-source';
import { seedEngine } from './seed-snapshot';
import { seedId, uuidV5 } from './uuid-v5';

const plan = (slug: string): SeedCategoryPlan => {
  const found = buildSeedPlan().find((p) => p.category.slug === slug);
  if (!found) throw new Error(slug);
  return found;
};
const tierOf = (p: SeedCategoryPlan, code: string) => p.tiers.find((t) => t.code === code);
const included = (p: SeedCategoryPlan, tierCode: string): Map<string, number | null> => {
  const tierId = tierOf(p, tierCode)?.id;
  const codeById = new Map(p.elements.map((el) => [el.id, el.code]));
  return new Map(
    p.inclusions
      .filter((row) => row.tierId === tierId && row.elementId)
      .map((row) => [codeById.get(row.elementId as string) as string, row.maxQuantity]),
  );
};

describe('seed plan', () => {
  it('derives ids with UUIDv5 over the seed namespace (same ids as Python uuid.uuid5)', () => {
    expect(seedId('motos-part', 'category', 'motos-part')).toBe(
      '6a57c85d-b915-5070-957b-1505e20c7474',
    );
    expect(seedId('motos-part', 'element', 'ESCAPE')).toBe('b74aefe2-a0dd-5fbb-90f3-714657df1250');
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow();
  });

  it('is deterministic and has unique ids', () => {
    const ids = buildSeedPlan().flatMap((p) => [
      p.category.id,
      ...[p.tiers, p.elements, p.images, p.requiredFields, p.inclusions, p.warnings]
        .flat()
        .map((row) => row.id),
      ...[p.elementWarnings, p.services, p.baseDocs, p.promptSections].flat().map((row) => row.id),
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(buildSeedPlan()).toBe(buildSeedPlan());
  });

  it('motos-part: 6 tiers, 42 elements (9 variants), 125 required fields, 4+6+2 rows', () => {
    const motos = plan('motos-part');
    expect(motos.category).toMatchObject({
      name: 'Motocicletas',
      clientType: 'particular',
      icon: 'motorcycle',
    });
    expect(motos.tiers.map((t) => [t.code, t.price])).toEqual([
      ['T1', '410.00'],
      ['T2', '325.00'],
      ['T3', '280.00'],
      ['T4', '220.00'],
      ['T5', '175.00'],
      ['T6', '140.00'],
    ]);
    expect(motos.elements).toHaveLength(42);
    expect(motos.elements.filter((el) => el.parentElementId)).toHaveLength(9);
    expect(motos.requiredFields).toHaveLength(125);
    expect(motos.warnings.filter((w) => w.categoryId)).toHaveLength(4);
    expect(motos.services).toHaveLength(6);
    expect(motos.baseDocs).toHaveLength(2);
    expect(motos.promptSections.map((s) => s.sectionType)).toEqual([
      'recognition_table',
      'special_cases',
    ]);
    expect(motos.elementWarnings).toHaveLength(motos.warnings.filter((w) => w.elementId).length);
  });

  it('aseicars-prof: 6 tiers, 34 elements (14 variants), 85 placeholder images, 5+4+2 rows', () => {
    const aseicars = plan('aseicars-prof');
    expect(aseicars.tiers).toHaveLength(6);
    expect(aseicars.elements).toHaveLength(34);
    expect(aseicars.elements.filter((el) => el.parentElementId)).toHaveLength(14);
    expect(aseicars.images).toHaveLength(85);
    expect(aseicars.images.every((image) => image.status === 'placeholder')).toBe(true); // D12
    expect(aseicars.requiredFields).toHaveLength(0);
    expect(aseicars.warnings.filter((w) => w.categoryId)).toHaveLength(5);
    expect(aseicars.services).toHaveLength(4);
    expect(aseicars.baseDocs).toHaveLength(2);
  });

  it('resolves required-field conditions to the same element’s field ids', () => {
    const motos = plan('motos-part');
    const conditional = motos.requiredFields.filter((f) => f.conditionFieldId);
    expect(conditional.length).toBeGreaterThan(0);
    const ids = new Set(motos.requiredFields.map((f) => f.id));
    for (const field of conditional) {
      expect(ids.has(field.conditionFieldId as string)).toBe(true);
      const target = motos.requiredFields.find((f) => f.id === field.conditionFieldId);
      expect(target?.elementId).toBe(field.elementId);
    }
  });

  describe('decisions on the source inconsistencies', () => {
    it('D1: ESC_MEC is ESCALON_ELEC (T3) and PLACA_200W is PLACA_SOLAR_SIMPLE (T6)', () => {
      const aseicars = plan('aseicars-prof');
      expect(included(aseicars, 'T3').get('ESCALON_ELEC')).toBe(1);
      expect(included(aseicars, 'T6').has('PLACA_SOLAR_SIMPLE')).toBe(true);
      expect(included(aseicars, 'T6').has('PLACA_SOLAR_MALETERO')).toBe(false); // D8
      expect(included(aseicars, 'T5').get('PLACA_SOLAR_MALETERO')).toBe(3);
    });

    it('D2: bases with variants never get inclusion rows; a base name stands for its unlisted variants', () => {
      for (const p of buildSeedPlan()) {
        const bases = new Set(
          p.elements
            .filter((el) =>
              p.elements.some((c) => c.parentElementId === el.id && c.variantType !== 'accessory'),
            )
            .map((el) => el.id),
        );
        expect(p.inclusions.filter((row) => row.elementId && bases.has(row.elementId))).toEqual([]);
      }
      const aseicars = plan('aseicars-prof');
      expect([...included(aseicars, 'T6').keys()].sort()).toEqual([
        'ANTENA_PAR',
        'PLACA_SOLAR_SIMPLE',
        'TOLDO_GALIBO',
        'TOLDO_SIMPLE',
      ]);
      expect(included(aseicars, 'T4').has('BOLA_CON_MMR')).toBe(false);
      const source = SOURCE_CATEGORIES[1];
      expect(() => expandMappingCodes(source, ['NOPE'], new Set())).toThrow('unknown element NOPE');
    });

    it('D3: motos brake components are no-project elements, not T1 keywords', () => {
      const rules = tierOf(plan('motos-part'), 'T1')?.classificationRules as {
        applies_if_any: string[];
      };
      expect(rules.applies_if_any).not.toContain('discos de freno');
      expect(rules.applies_if_any).toContain('subchasis');
      expect(seedEngine('motos-part').quote([{ code: 'FRENADO_DISCOS' }]).price).toBe(140);
    });

    it('D4: aseicars T4 has no minimum of 4 elements', () => {
      expect(tierOf(plan('aseicars-prof'), 'T4')?.minElements).toBeNull();
      expect(seedEngine('aseicars-prof').quote([{ code: 'BOLA_SIN_MMR' }]).price).toBe(135);
    });

    it('D5: GLP installations are priced as T1 (mapping) despite T3 "gas" keywords', () => {
      expect(seedEngine('aseicars-prof').quote([{ code: 'GLP_DUOCONTROL' }]).tier?.code).toBe('T1');
    });

    it('D6: group quotas as outside_tier_limits and max_elements', () => {
      const motos = plan('motos-part');
      expect(tierOf(motos, 'T3')).toMatchObject({
        maxElements: 3,
        classificationRules: expect.objectContaining({
          outside_tier_limits: [{ tier_code: 'T4', max_elements: 1 }],
        }),
      });
      const engine = seedEngine('motos-part');
      expect(
        engine.quote([{ code: 'SUSPENSION_DEL' }, { code: 'ESCAPE' }, { code: 'MANILLAR' }]).price,
      ).toBe(280);
      expect(engine.quote([{ code: 'SUSPENSION_DEL' }, { code: 'CARENADO' }]).price).toBe(325);
    });

    it('D7: project tiers include cheaper no-project lists; T1 includes everything quotable', () => {
      const aseicars = plan('aseicars-prof');
      expect(included(aseicars, 'T3').has('CLARABOYA')).toBe(true);
      const engine = seedEngine('aseicars-prof');
      const quotable = engine.index.activeElements.filter((el) => engine.index.isQuotable(el));
      const t1 = engine.index.tiers.find((t) => t.source.code === 'T1');
      expect(quotable.filter((el) => !t1?.resolved?.has(el.id)).map((el) => el.code)).toEqual([]);
      const motosEngine = seedEngine('motos-part');
      const motosT1 = motosEngine.index.tiers.find((t) => t.source.code === 'T1');
      const motosQuotable = motosEngine.index.activeElements.filter((el) =>
        motosEngine.index.isQuotable(el),
      );
      expect(
        motosQuotable.filter((el) => !motosT1?.resolved?.has(el.id)).map((el) => el.code),
      ).toEqual([]);
    });

    it('D9: AIRE_ACONDI is seeded inactive but keeps its T4 inclusion', () => {
      const aseicars = plan('aseicars-prof');
      expect(aseicars.elements.find((el) => el.code === 'AIRE_ACONDI')?.isActive).toBe(false);
      expect(included(aseicars, 'T4').has('AIRE_ACONDI')).toBe(true);
    });

    it('D10: BOLA_SIN_MMR stays quotable despite its accessory child', () => {
      const engine = seedEngine('aseicars-prof');
      expect(
        engine.quote([{ code: 'BOLA_SIN_MMR' }, { code: 'BRAZO_PORTA' }]).rejectedCodes,
      ).toEqual([]);
    });

    it('D11: inline element warnings are element-scoped and associated', () => {
      const motos = plan('motos-part');
      const escape = motos.elements.find((el) => el.code === 'ESCAPE');
      const warning = motos.warnings.find((w) => w.code === 'escape_homologacion');
      expect(warning).toMatchObject({ elementId: escape?.id, categoryId: null });
      expect(motos.elementWarnings).toContainEqual(
        expect.objectContaining({
          elementId: escape?.id,
          warningId: warning?.id,
          showCondition: 'always',
        }),
      );
    });
  });
});
