import { seedEngine } from '@app/catalogue-seed';
import { AgentStep, TurnAttachment } from '../contract';
import { blankCustomer, catalogueOf, Conversation } from './__fixtures__/conversation';
import { parseAgentState } from './state';
import { TRANSITIONS } from './transitions';

/** Deterministic PRNG (mulberry32), so a failure replays with the same seed. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const PHRASES = [
  'hola',
  'buenas tardes',
  'quiero homologar el escape',
  'el escape y el manillar',
  'la suspension',
  'las dos',
  'trasera',
  'subchasis',
  'quitar el caballete',
  'claraboya en la camper',
  'toldo lateral',
  'sí',
  'vale',
  'no',
  'no sé',
  '👍',
  'listo',
  'ya está',
  'cancelar',
  'quiero hablar con una persona',
  '¿cómo va mi expediente?',
  '¿por qué necesitáis eso?',
  '¿cuánto era?',
  '¿qué documentación necesito?',
  'me equivoqué, la matrícula es 1234 BCD',
  'Me llamo Juan Pérez García, DNI 12345678Z, juan@gmail.com',
  'Calle Mayor 5, Alcobendas, Madrid, 28100, ITV Alcobendas',
  'Yamaha MT-07 2019 1234BCD',
  'no lo tengo',
  'el vuestro',
  'mi taller',
  'Talleres Pérez SL, Pedro Gómez, Calle Industria 12, Madrid, Getafe, 912345678, 28/12345, mecánica',
  'datos personales',
  'vehículo',
  'Akrapovic',
  '250',
  'gracias',
  'adiós',
  'empezar de nuevo',
];

const GARBAGE = [
  '',
  '   ',
  '????',
  'asdkjh',
  '🤖🤖🤖',
  '\n\n',
  '0',
  'ñ'.repeat(50),
  'x'.repeat(5000),
];

const randomText = (rand: () => number): string => {
  const roll = rand();
  if (roll < 0.7) return PHRASES[Math.floor(rand() * PHRASES.length)] ?? '';
  if (roll < 0.9) return GARBAGE[Math.floor(rand() * GARBAGE.length)] ?? '';
  return Array.from({ length: 1 + Math.floor(rand() * 30) }, () =>
    String.fromCharCode(32 + Math.floor(rand() * 400)),
  ).join('');
};

const OUTCOMES: TurnAttachment['outcome'][] = ['stored', 'duplicate', 'refused', 'ignored'];
const KINDS: TurnAttachment['kind'][] = [
  'image',
  'image',
  'image',
  'audio',
  'video',
  'file',
  'location',
];

const reachable = (from: AgentStep, to: AgentStep, hops: number): boolean => {
  let frontier = new Set<AgentStep>([from]);
  for (let i = 0; i < hops; i += 1) {
    if (frontier.has(to)) return true;
    frontier = new Set([...frontier].flatMap((step) => [...TRANSITIONS[step]]));
  }
  return frontier.has(to);
};

describe('decideTurn on random conversations', () => {
  const catalogue = catalogueOf([
    { engine: seedEngine('motos-part') },
    { engine: seedEngine('aseicars-prof') },
  ]);

  it('never throws, always replies unless handed over, and moves only along TRANSITIONS', () => {
    const rand = prng(20250310);
    let turns = 0;
    for (let conversationNo = 0; turns < 2000; conversationNo += 1) {
      const c = new Conversation(
        catalogue,
        blankCustomer(rand() < 0.7 ? 'particular' : 'professional'),
      );
      const length = 5 + Math.floor(rand() * 40);
      for (let i = 0; i < length; i += 1, turns += 1) {
        if (rand() < 0.02) c.state = rand() < 0.5 ? { v: 1, step: 'review_summary' } : 'garbage';
        if (c.handedOver && rand() < 0.3) c.handedOver = false;
        const before = parseAgentState(c.state).step;
        const handedOver = c.handedOver;
        const messages = Array.from(
          { length: rand() < 0.8 ? 1 : 2 + Math.floor(rand() * 3) },
          () => ({
            text: randomText(rand),
            attachments:
              rand() < 0.25
                ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
                    kind: KINDS[Math.floor(rand() * KINDS.length)] ?? 'image',
                    outcome: OUTCOMES[Math.floor(rand() * OUTCOMES.length)] ?? 'stored',
                    reason: 'motivo',
                  }))
                : [],
          }),
        );
        const usePhotos = rand() < 0.3;
        const out = usePhotos
          ? c.photos(1 + Math.floor(rand() * 2), rand() < 0.5 ? 'listo' : '')
          : c.turn(messages);
        const sent = usePhotos ? 1 : messages.length;
        if (handedOver) expect(out.reply).toBeNull();
        else {
          expect(out.reply).not.toBeNull();
          expect(out.reply?.text.length).toBeGreaterThan(0);
        }
        const after = out.state.step;
        expect(after).not.toBe('pending_review');
        if (sent === 1) expect(TRANSITIONS[before]).toContain(after);
        else expect(reachable(before, after, sent + 1)).toBe(true);
        const roundTrip = parseAgentState(JSON.parse(JSON.stringify(out.state)));
        expect(roundTrip).toEqual(out.state);
        expect(out.operations.filter((op) => op.name === 'engine_error')).toEqual([]);
      }
      expect(conversationNo).toBeLessThan(1000);
    }
  });
});
