import { Dialogue } from './dialogue';

/** Quoting (idle → quoting → offer_made): prices, variants, side questions, attachments. */
export const QUOTE_DIALOGUES: Dialogue[] = [
  {
    name: 'greeting, then an exhaust quote (motos, T6 140 €)',
    turns: [
      { say: 'hola buenas', expect: ['MSI'] },
      {
        say: 'quiero homologar el escape de mi moto',
        expect: ['140 €', '+IVA', '¿Quieres que abra el expediente?'],
        facts: { step: 'offer_made' },
      },
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
      { say: 'no gracias, mejor no', expect: ['Sin problema'], facts: { step: 'idle' } },
    ],
    facts: { caseStatus: null, openEscalations: 0 },
  },
  {
    name: 'variants: "suspensión" → "¿delantera o trasera?" → "las dos" (T2 325 €)',
    turns: [
      {
        say: 'quiero homologar la suspensión de la moto',
        expect: ['¿Es la suspension delantera o la trasera?'],
        not: ['+IVA'],
        facts: { step: 'quoting' },
      },
      {
        say: 'las dos',
        expect: ['Suspension delantera', 'Suspension trasera', '325 €'],
        facts: { step: 'offer_made' },
      },
    ],
    facts: { caseStatus: null },
  },
  {
    name: 'variants: two lights named in one answer ("el faro y el piloto", T5 175 €)',
    turns: [
      { say: 'necesito legalizar las luces de la moto', expect: ['¿Que tipo de luces?'] },
      { say: 'el faro y el piloto', expect: ['Faro delantero', 'Piloto freno trasero', '175 €'] },
      { say: 'mejor solo el faro', expect: ['Faro delantero', '140 €'], not: ['Piloto'] },
    ],
  },
  {
    name: 'Profesional: an autocaravana awning, "¿afecta al gálibo?" → "no" (59 €)',
    tipo: 'Profesional',
    turns: [
      {
        say: 'buenas, quiero legalizar un toldo en la autocaravana',
        expect: ['¿El toldo afecta a la luz de galibo'],
      },
      { say: 'no', expect: ['Toldo lateral (sin afectar galibo)', '59 €'] },
      {
        say: '¿qué documentación necesito?',
        expect: ['Ficha tecnica', '¿Quieres que abra el expediente?'],
        not: ['No he reconocido'],
      },
    ],
    facts: { customer: { client_type: 'professional' }, caseStatus: null },
  },
  {
    name: 'Particular asking for an autocaravana is told what this chat quotes',
    tipo: 'Particular',
    turns: [
      {
        say: 'hola, cuánto cuesta homologar una placa solar en mi autocaravana',
        expect: ['Motocicletas'],
      },
      { say: 'vale, entonces el manillar de la moto', expect: ['Manillar', '140 €'] },
    ],
    facts: { customer: { client_type: 'particular' } },
  },
  {
    name: 'side questions while quoting: timing, services, status without a case',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      {
        say: '¿cuánto tarda?',
        expect: ['plazo', '¿Quieres que abra el expediente?'],
        not: ['No he reconocido'],
      },
      { say: '¿cómo va mi expediente?', expect: ['no tienes ningún expediente'] },
      { say: 'empezamos de cero', expect: ['empezamos de cero'], facts: { step: 'idle' } },
    ],
    facts: { caseStatus: null },
  },
  {
    name: 'a photo and a voice note before any case: asked for later, never stored',
    turns: [
      { say: 'hola', expect: ['MSI'] },
      { photos: ['jpeg'], expect: ['Las fotos te las pediré'] },
      { audio: true, expect: ['No puedo escuchar audios'] },
      { say: 'el subchasis de la moto', expect: ['410 €'] },
    ],
    facts: { caseStatus: null, cases: 0 },
  },
  {
    name: 'small talk: a bot question and thanks are answered without losing the quote',
    turns: [
      { say: '¿eres un bot?', expect: ['homologaciones'] },
      { say: 'vale, pues el escape de la moto', expect: ['140 €'] },
      { say: 'gracias!', expect: ['¡A ti!'], facts: { step: 'offer_made' } },
      { say: '¿cuánto era?', expect: ['140 €'], not: ['Documentación necesaria'] },
    ],
    facts: { caseStatus: null, openEscalations: 0 },
  },
  {
    name: 'an offer declined, then accepted later with "ábreme el expediente"',
    turns: [
      { say: 'cuánto me sale homologar el manillar de la moto', expect: ['140 €'] },
      { say: 'ahora no, lo pienso', expect: ['Sin problema'], facts: { step: 'idle' } },
      {
        say: 'vale, ábreme el expediente',
        expect: ['He abierto tu expediente', 'fotos de *Manillar*'],
        facts: { caseStatus: 'collecting', step: 'collect_element_data' },
      },
    ],
    facts: { cases: 1, caseElements: ['MANILLAR'], caseAmount: 140 },
  },
];
