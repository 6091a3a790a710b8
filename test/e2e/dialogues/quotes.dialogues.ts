import { Dialogue } from './dialogue';

export const QUOTE_DIALOGUES: Dialogue[] = [
  {
    name: 'greeting, then an exhaust quote (motos, T6 140 €)',
    turns: [
      { say: 'hola buenas', expect: ['MSI'] },
      { say: 'quiero homologar el escape de mi moto', expect: ['140 €', '+IVA'] },
    ],
    facts: { caseStatus: null },
  },
  {
    name: 'two elements priced as one tier, never summed (T5 175 €)',
    turns: [
      { say: 'kiero legalizar el escape y el manillar d mi moto', expect: ['175 €'], not: ['315'] },
    ],
  },
  {
    name: 'a burst of three messages is answered once',
    turns: [{ say: ['hola', 'quiero homologar', 'el subchasis de la moto'], expect: ['410 €'] }],
  },
  {
    name: 'offer rejected: no case, the bot stays available',
    turns: [
      { say: 'cuanto cuesta homologar el escape de la moto', expect: ['140 €'] },
      { say: 'no gracias, mejor no' },
    ],
    facts: { caseStatus: null, openEscalations: 0 },
  },
  {
    name: 'asking for a person hands over once and then stays silent',
    turns: [{ say: 'quiero hablar con una persona' }, { say: 'hola?', silent: true }],
    facts: { openEscalations: 1 },
  },
];
