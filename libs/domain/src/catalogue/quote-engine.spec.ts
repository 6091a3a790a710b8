import { seedEngine } from '@app/catalogue-seed';
import { element, includes, snapshot, tier, warning } from './__fixtures__/synthetic';
import { resolveTierInclusions } from './catalogue-index';
import { normaliseCode } from './codes';
import { QuoteEngine } from './quote-engine';

describe('QuoteEngine on the seed catalogue', () => {
  const motos = seedEngine('motos-part');
  const aseicars = seedEngine('aseicars-prof');

  describe('worked examples: one tier price per quote', () => {
    it('ESCAPE alone → T6 140 € by the rule "escape"', () => {
      const quote = motos.quote([{ code: 'ESCAPE' }]);
      expect(quote.tier?.code).toBe('T6');
      expect(quote.price).toBe(140);
      expect(quote.tierSelection.reason).toEqual({
        kind: 'keyword_rule',
        keyword: 'escape',
        priority: 6,
      });
    });

    it('ESCAPE + MANILLAR → the T6 rule is out of range, cheapest eligible is T5 175 €', () => {
      const quote = motos.quote([{ code: 'ESCAPE' }, { code: 'MANILLAR' }]);
      expect(quote.price).toBe(175);
      expect(quote.tier?.code).toBe('T5');
      expect(quote.tierSelection.reason).toEqual({ kind: 'cheapest_eligible' });
      expect(quote.tierSelection.matchedRules[0]).toMatchObject({
        tierCode: 'T6',
        selected: false,
        rejection: { reason: 'count_out_of_range', count: 2 },
      });
    });

    it('SUBCHASIS → T1 410 € by the priority-1 rule', () => {
      const quote = motos.quote([{ code: 'SUBCHASIS' }]);
      expect(quote.tier?.code).toBe('T1');
      expect(quote.price).toBe(410);
      expect(quote.tier?.requiresProject).toBe(true);
    });
  });

  describe('quantities count', () => {
    it('two exhausts are two elements (T5), three are T4', () => {
      expect(motos.quote([{ code: 'ESCAPE', quantity: 2 }]).price).toBe(175);
      expect(motos.quote([{ code: 'ESCAPE', quantity: 3 }]).price).toBe(220);
    });

    it('repeated codes add up', () => {
      expect(motos.quote([{ code: 'ESCAPE' }, { code: 'escape' }]).elementCount).toBe(2);
    });
  });

  describe('inclusions are honoured, not informational', () => {
    it('a T1-only element is never priced in a cheaper tier', () => {
      const quote = motos.quote([{ code: 'HORQUILLA' }, { code: 'ESCAPE' }]);
      expect(quote.tier?.code).toBe('T1');
    });

    it('a T3-list element alone falls back to T3, not to the count-only T6', () => {
      const quote = aseicars.quote([{ code: 'NEVERA_COMPRESOR' }]);
      expect(quote.tier?.code).toBe('T3');
      expect(quote.tierSelection.reason).toEqual({ kind: 'cheapest_eligible' });
      expect(quote.explanation.join(' ')).toContain('T6 descartada: no incluye NEVERA_COMPRESOR');
    });

    it('two project elements exceed T3 and go to T2 (outside_tier_limits)', () => {
      const quote = motos.quote([{ code: 'SUSPENSION_DEL' }, { code: 'SUSPENSION_TRAS' }]);
      expect(quote.tier?.code).toBe('T2');
      expect(quote.tierSelection.matchedRules[0]).toMatchObject({
        tierCode: 'T3',
        rejection: { reason: 'too_many_outside', tierCode: 'T4', max: 1 },
      });
    });

    it('aseicars: a single skylight is T4 (135 €) once the seed drops min_elements 4', () => {
      expect(aseicars.quote([{ code: 'CLARABOYA' }]).price).toBe(135);
    });
  });

  describe('codes', () => {
    it.each([
      ['escape', 'ESCAPE'],
      ['ESCAPES', 'ESCAPE'],
      ['espejo', 'ESPEJOS'],
      ['llanta', 'LLANTAS'],
      ['suspension-del', 'SUSPENSION_DEL'],
      ['faro delantero', 'FARO_DELANTERO'],
    ])('%s normalises to %s', (input, code) => {
      expect(normaliseCode(motos.index, input).element?.code).toBe(code);
    });

    it('rejects codes of other categories, inactive elements and bases that need a variant', () => {
      const quote = aseicars.quote([
        { code: 'ESCAPE' },
        { code: 'AIRE_ACONDI' },
        { code: 'TOLDO_LAT' },
        { code: 'CLARABOYA' },
      ]);
      expect(quote.rejectedCodes).toEqual([
        { code: 'ESCAPE', reason: 'unknown', options: [] },
        { code: 'AIRE_ACONDI', reason: 'inactive', options: [] },
        {
          code: 'TOLDO_LAT',
          reason: 'needs_variant',
          options: [
            { code: 'TOLDO_SIMPLE', name: 'Toldo lateral (sin afectar galibo)' },
            { code: 'TOLDO_GALIBO', name: 'Toldo lateral (afecta galibo)' },
          ],
        },
      ]);
      expect(quote.elements.map((el) => el.code)).toEqual(['CLARABOYA']);
    });
  });

  describe('warnings', () => {
    it('element warnings are grouped by element and category warnings match by keyword', () => {
      const quote = motos.quote([{ code: 'ESCAPE' }]);
      expect(quote.warnings.byElement).toEqual([
        {
          code: 'ESCAPE',
          name: 'Escape / Sistema de escape',
          warnings: [expect.objectContaining({ code: 'escape_homologacion', source: 'element' })],
        },
      ]);
      expect(quote.warnings.general.map((w) => w.code)).toEqual([
        'marcado_homologacion_motos_part',
      ]);
    });

    it('plural keywords match singular names ("faros" → Faro delantero)', () => {
      const codes = motos.quote([{ code: 'FARO_DELANTERO' }]).warnings.general.map((w) => w.code);
      expect(codes).toEqual(['marcado_homologacion_motos_part', 'alumbrado_general_motos_part']);
    });

    it('a scoped warning without conditions is always shown', () => {
      const codes = aseicars.quote([{ code: 'CLARABOYA' }]).warnings.general.map((w) => w.code);
      expect(codes).toContain('reformas_adicionales_itv');
    });
  });

  describe('documentation and images', () => {
    it('lists placeholder images for staff but never sends them', () => {
      const quote = aseicars.quote([{ code: 'ESCALON_ELEC' }]);
      expect(quote.documentation.elements[0]?.images).toHaveLength(4);
      expect(quote.sendableImages).toEqual([]);
      expect(quote.documentation.base).toHaveLength(2);
    });

    it('lists required fields of the element', () => {
      const quote = motos.quote([{ code: 'ESCAPE' }]);
      expect(quote.documentation.elements[0]?.requiredFields.map((f) => f.fieldKey)).toEqual([
        'marca_modelo',
        'homologacion_visible',
      ]);
    });
  });
});

describe('QuoteEngine rules on synthetic catalogues', () => {
  it('resolves inclusions recursively and survives cycles', () => {
    const inclusions = [
      includes('T1', { element: 'A' }),
      includes('T1', { tier: 'T2' }),
      includes('T2', { element: 'B' }, 2),
      includes('T2', { tier: 'T1' }), // cycle
    ];
    expect(resolveTierInclusions('tier-T1', inclusions)).toEqual(
      new Map([
        ['el-A', null],
        ['el-B', 2],
      ]),
    );
    expect(resolveTierInclusions('tier-T9', inclusions)).toBeNull();
  });

  it('the most permissive path wins and an included-tier cap caps what it brings', () => {
    const inclusions = [
      includes('T1', { tier: 'T2' }, 1),
      includes('T1', { tier: 'T3' }),
      includes('T2', { element: 'A' }),
      includes('T3', { element: 'A' }, 3),
      includes('T2', { element: 'B' }, 5),
    ];
    expect(resolveTierInclusions('tier-T1', inclusions)).toEqual(
      new Map([
        ['el-A', 3],
        ['el-B', 1],
      ]),
    );
  });

  it('enforces max quantity per inclusion and falls back to the next cheapest tier', () => {
    const engine = new QuoteEngine(
      snapshot({
        tiers: [tier('T1', 300), tier('T2', 100)],
        elements: [element('A')],
        inclusions: [includes('T2', { element: 'A' }, 1), includes('T1', { element: 'A' })],
      }),
    );
    expect(engine.quote([{ code: 'A' }]).tier?.code).toBe('T2');
    const two = engine.quote([{ code: 'A', quantity: 2 }]);
    expect(two.tier?.code).toBe('T1');
    expect(two.tierSelection.checks[0]).toEqual({
      tierCode: 'T2',
      eligible: false,
      rejection: { reason: 'quantity_above_max', code: 'A', quantity: 2, max: 1 },
    });
  });

  it('a tier without inclusions allows everything; no eligible tier means no price', () => {
    const open = new QuoteEngine(snapshot({ tiers: [tier('T1', 50)], elements: [element('A')] }));
    expect(open.quote([{ code: 'A' }]).price).toBe(50);
    const closed = new QuoteEngine(
      snapshot({
        tiers: [tier('T1', 50)],
        elements: [element('A'), element('B')],
        inclusions: [includes('T1', { element: 'B' })],
      }),
    );
    const quote = closed.quote([{ code: 'A' }]);
    expect(quote.price).toBeNull();
    expect(quote.explanation.join(' ')).toContain('consultar');
  });

  it('rules are tried by priority and only select an eligible tier', () => {
    const engine = new QuoteEngine(
      snapshot({
        tiers: [
          tier('T1', 400, {
            classificationRules: { appliesIfAny: ['motor'], priority: 1, requiresProject: true },
          }),
          tier('T2', 100, {
            classificationRules: { appliesIfAny: ['motor'], priority: 2, requiresProject: false },
          }),
        ],
        elements: [element('MOTOR', { name: 'Cambio de motor' })],
        inclusions: [includes('T1', { element: 'OTHER' })],
      }),
    );
    const quote = engine.quote([{ code: 'MOTOR' }]);
    expect(quote.tier?.code).toBe('T2');
    expect(quote.tierSelection.matchedRules.map((r) => [r.tierCode, r.selected])).toEqual([
      ['T1', false],
      ['T2', true],
    ]);
  });

  describe('element warnings: show conditions and inheritance', () => {
    const engine = new QuoteEngine(
      snapshot({
        tiers: [tier('T1', 10, { id: 'tier-T1' }), tier('T2', 20)],
        elements: [
          element('BASE', {
            warnings: [
              { warningId: 'w-inherited', showCondition: 'always', thresholdQuantity: null },
            ],
          }),
          element('CHILD', {
            parentElementId: 'el-BASE',
            warnings: [
              { warningId: 'w-many', showCondition: 'on_exceed_max', thresholdQuantity: 2 },
              { warningId: 'w-few', showCondition: 'on_below_min', thresholdQuantity: 2 },
              { warningId: 'w-selected', showCondition: 'if_selected', thresholdQuantity: null },
            ],
          }),
          element('ORPHAN', { inheritParentData: false, parentElementId: 'el-BASE' }),
        ],
        warnings: [
          warning('inherited'),
          warning('many'),
          warning('few'),
          warning('selected'),
          warning('tier-only', { tierId: 'tier-T1' }),
          warning('global-silent'),
          warning('global-always', { triggerConditions: { alwaysShow: true } }),
          warning('with-child', {
            categoryId: 'cat-1',
            triggerConditions: { showWithElements: ['child'] },
          }),
          warning('off', { categoryId: 'cat-1', isActive: false }),
        ],
      }),
    );

    const codes = (quantity: number): string[] =>
      engine
        .quote([{ code: 'CHILD', quantity }])
        .warnings.byElement[0]?.warnings.map((w) => w.code) ?? [];

    it('evaluates thresholds with the quoted quantity', () => {
      expect(codes(1)).toEqual(['few', 'selected', 'inherited']);
      expect(codes(3)).toEqual(['many', 'selected', 'inherited']);
    });

    it('does not inherit when inherit_parent_data is false', () => {
      const quote = engine.quote([{ code: 'ORPHAN' }]);
      expect(quote.warnings.byElement[0]?.warnings).toEqual([]);
    });

    it('general: tier warnings only for the chosen tier, global only when always_show', () => {
      const general = engine.quote([{ code: 'CHILD' }]).warnings.general.map((w) => w.code);
      expect(general).toEqual(['tier-only', 'global-always', 'with-child']);
    });
  });

  it('only active images are sendable; the child overrides an inherited image by URL', () => {
    const image = (id: string, url: string, status: 'active' | 'placeholder') => ({
      id,
      imageUrl: url,
      imageType: 'example' as const,
      title: id,
      description: null,
      sortOrder: 0,
      isRequired: false,
      status,
      userInstruction: null,
    });
    const engine = new QuoteEngine(
      snapshot({
        tiers: [tier('T1', 10)],
        elements: [
          element('BASE', {
            images: [image('b1', '/a.jpg', 'active'), image('b2', '/b.jpg', 'active')],
          }),
          element('CHILD', {
            parentElementId: 'el-BASE',
            images: [image('c1', '/a.jpg', 'placeholder')],
          }),
        ],
      }),
    );
    const quote = engine.quote([{ code: 'CHILD' }]);
    expect(quote.documentation.elements[0]?.images.map((i) => [i.id, i.inheritedFrom])).toEqual([
      ['c1', null],
      ['b2', 'BASE'],
    ]);
    expect(quote.sendableImages.map((i) => i.id)).toEqual(['b2']);
  });
});
