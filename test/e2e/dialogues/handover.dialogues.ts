import { Dialogue } from './dialogue';

/**
 * Hand-over to staff (on request, after three misunderstandings, the panic button) and the
 * hand-back when staff resolve the escalation: the bot answers again, where it stopped.
 */
export const HANDOVER_DIALOGUES: Dialogue[] = [
  {
    name: 'asking for a person hands over once and then stays silent',
    turns: [
      {
        say: 'quiero hablar con una persona',
        expect: ['Te paso con un compañero'],
        facts: { openEscalations: 1 },
      },
      { say: 'hola?', silent: true },
      { say: '¿hay alguien ahí?', silent: true },
    ],
    facts: { openEscalations: 1, escalations: 1 },
  },
  {
    name: 'three misunderstandings hand over; staff resolve; the bot answers again',
    turns: [
      { say: 'hola', expect: ['MSI'] },
      { say: 'asdfgh', expect: ['no te he entendido'] },
      { say: 'qwerty zxcv', expect: ['no te he entendido'] },
      {
        say: 'ñlkjh poiuy',
        expect: ['Te paso con un compañero'],
        facts: { openEscalations: 1 },
      },
      { say: 'hola?', silent: true },
      {
        staff: ['resolve'],
        say: 'quiero homologar el escape de la moto',
        expect: ['140 €'],
        not: ['no te he entendido'],
        facts: { openEscalations: 0, step: 'offer_made' },
      },
    ],
    facts: { escalations: 1, openEscalations: 0 },
  },
  {
    name: 'the panic button: staff answer meanwhile, and the bot is back once it is off and resolved',
    turns: [
      { say: 'hola', expect: ['MSI'] },
      {
        staff: ['panic_on'],
        say: 'quiero homologar el escape',
        expect: ['asistente automático no está disponible'],
        replies: 0,
        facts: { openEscalations: 1 },
      },
      { say: '¿hay alguien?', silent: true },
      {
        staff: ['panic_off', 'resolve'],
        say: 'quiero homologar el escape de la moto',
        expect: ['140 €'],
        not: ['no está disponible'],
        facts: { openEscalations: 0 },
      },
    ],
    facts: { escalations: 1, openEscalations: 0 },
  },
  {
    name: 'hand-over in the middle of a case; after the resolve the case goes on where it stopped',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['fotos de *Escape'] },
      { photos: ['jpeg'], expect: ['He recibido 1 foto'], facts: { photos: { ESCAPE: 1 } } },
      {
        say: 'prefiero hablar con una persona',
        expect: ['Te paso con un compañero'],
        facts: { openEscalations: 1, step: 'collect_element_data' },
      },
      // Chatwoot keeps it (staff see it); the bot does not take it while staff have the chat.
      { photos: ['jpeg'], silent: true, facts: { photos: { ESCAPE: 1 } } },
      {
        staff: ['resolve'],
        say: 'listo',
        expect: ['He recibido 1 foto', 'Marca y modelo del escape'],
        facts: { openEscalations: 0, photos: { ESCAPE: 2 }, step: 'collect_element_data' },
      },
    ],
    facts: { cases: 1, caseStatus: 'collecting', escalations: 1 },
  },
];
