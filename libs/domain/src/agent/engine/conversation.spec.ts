import { seedEngine } from '@app/catalogue-seed';
import { blankCustomer, catalogueOf, Conversation } from './__fixtures__/conversation';
import { decideTurn } from './decide-turn';
import { freshState, parseAgentState } from './state';
import { TRANSITIONS } from './transitions';

const motos = seedEngine('motos-part');
const catalogue = catalogueOf([
  {
    engine: motos,
    promptSections: [
      {
        sectionType: 'special_cases',
        content:
          'Las motos clásicas con más de 30 años pueden necesitar un informe de conformidad adicional.',
      },
    ],
  },
]);
const start = (): Conversation => new Conversation(catalogue, blankCustomer('particular'));

describe('offer answers', () => {
  it.each(['👍', 'vale', 'vakle', 'sí, ábrelo'])('"%s" opens the case', (answer) => {
    const c = start();
    c.send('el escape');
    c.send(answer);
    expect(c.lastEffects('create_case')).toHaveLength(1);
    expect(c.step).toBe('collect_element_data');
  });

  it('a rejection keeps the quote and stays available', () => {
    const c = start();
    c.send('el escape');
    c.send('no, gracias');
    expect(c.step).toBe('idle');
    expect(c.agentState.quote?.price).toBe(140);
    expect(c.text).toContain('Sin problema');
    c.send('bueno, ábreme el expediente');
    expect(c.lastEffects('create_case')).toHaveLength(1);
  });

  it('uncertainty is explained and asked again, without acting', () => {
    const c = start();
    c.send('el escape');
    c.send('no sé, ¿qué implica?');
    expect(c.last?.effects).toEqual([]);
    expect(c.text).toContain('140 € +IVA');
    expect(c.text).toContain('¿Quieres que abra el expediente?');
    expect(c.step).toBe('offer_made');
  });
});

describe('bursts', () => {
  it('several messages get one combined reply, in order', () => {
    const c = start();
    const out = c.send('hola', 'quiero homologar el escape', 'vale');
    expect(out.reply?.text).toContain('MSI Automotive');
    expect(out.reply?.text).toContain('140 € +IVA');
    expect(out.reply?.text).toContain('He abierto tu expediente');
    expect(out.reply?.text).toContain('fotos de *Escape');
    expect(out.reply?.follow_up).toBeNull();
    expect(c.step).toBe('collect_element_data');
  });
});

describe('side questions', () => {
  it('answers documents, services and the workshop certificate from the catalogue', () => {
    const c = start();
    c.send('¿qué documentación necesito?');
    expect(c.text).toContain('Ficha tecnica');
    c.send('¿qué servicios adicionales tenéis?');
    expect(c.text).toContain('Tramitacion urgente: 100 € +IVA');
  });

  it('answers from the staff-edited prompt sections', () => {
    const c = start();
    c.send('¿tenéis algo para motos clásicas de más de 30 años?');
    expect(c.text).toContain('informe de conformidad');
  });
});

describe('hand-over', () => {
  it('on request: one escalation, one reply, then silence', () => {
    const c = start();
    c.send('quiero hablar con una persona');
    expect(c.lastEffects('escalate')).toEqual([
      expect.objectContaining({
        source: 'tool_call',
        transcript: ['quiero hablar con una persona'],
      }),
    ]);
    expect(c.text).toContain('Te paso con un compañero');
    const silent = c.send('¿hola?');
    expect(silent.reply).toBeNull();
    expect(silent.effects).toEqual([]);
    c.handedOver = false;
    const back = c.send('el escape');
    expect(back.reply?.text).toContain('140 € +IVA');
  });

  it('after 3 turns not understood', () => {
    const c = start();
    c.send('asdkjh qwe');
    c.send('zzxq wqe');
    expect(c.lastEffects('escalate')).toEqual([]);
    expect(c.text).toContain('no te he entendido');
    c.send('ññññ');
    expect(c.lastEffects('escalate')).toEqual([
      expect.objectContaining({ source: 'auto_escalation' }),
    ]);
  });

  it('on a loop: the same question without progress', () => {
    const c = start();
    c.send('el escape');
    c.send('sí');
    for (let i = 0; i < 2; i += 1) {
      c.send('listo');
      expect(c.lastEffects('escalate')).toEqual([]);
    }
    c.send('listo');
    expect(c.lastEffects('escalate')).toEqual([
      expect.objectContaining({
        source: 'auto_escalation',
        reason: expect.stringContaining('repetido'),
      }),
    ]);
  });
});

describe('attachments', () => {
  it('images outside an image step are not needed yet', () => {
    const c = start();
    c.photos(1, '');
    expect(c.text).toContain('cuando abramos el expediente');
  });

  it('audio is politely refused', () => {
    const c = start();
    c.turn([{ text: '', attachments: [{ kind: 'audio', outcome: 'ignored' }] }]);
    expect(c.text).toContain('No puedo escuchar audios');
  });
});

describe('state and transitions', () => {
  it('parses garbage and older versions as a fresh idle state', () => {
    for (const raw of [
      null,
      'x',
      42,
      [],
      { v: 0, step: 'review_summary' },
      { v: 1, step: 'nope' },
    ]) {
      expect(parseAgentState(raw)).toEqual(freshState());
    }
  });

  it('never leaves a case step without a case', () => {
    expect(parseAgentState({ v: 1, step: 'collect_vehicle' }).step).toBe('idle');
  });

  it('every step lists itself and reaches idle', () => {
    for (const [step, targets] of Object.entries(TRANSITIONS)) {
      expect(targets).toContain(step);
      expect(targets).toContain('idle');
    }
  });

  it('a turn never throws on a broken catalogue: apologises and keeps the state', () => {
    const out = decideTurn({
      state: { ...freshState(), greeted: true },
      conversationId: 'c',
      messages: [{ chatwootMessageId: 1, text: 'el escape', attachments: [], at: '' }],
      customer: blankCustomer('particular'),
      activeCase: null,
      handedOver: false,
      catalogue: {
        categories: [
          {
            slug: 'x',
            name: 'X',
            clientType: 'particular',
            engine: null as never,
            promptSections: [],
          },
        ],
      },
      settings: { maxMisunderstandings: 3, maxLoopRepeats: 3, publicBaseUrl: '', timezone: 'UTC' },
      now: new Date(0),
      newId: () => 'id',
    });
    expect(out.reply?.text).toContain('problema técnico');
    expect(out.state.misunderstandings).toBe(1);
    expect(out.state.step).toBe('idle');
  });
});
