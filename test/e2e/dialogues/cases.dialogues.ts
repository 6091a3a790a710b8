import { Dialogue } from './dialogue';

export const CASE_DIALOGUES: Dialogue[] = [
  {
    name: 'accepting the offer opens one case (👍)',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      { say: '👍', expect: ['foto'] },
    ],
    facts: { caseStatus: 'collecting', caseAmount: 140, caseElements: ['ESCAPE'] },
  },
  {
    name: 'cancelling a case at the photo step',
    turns: [
      { say: 'quiero homologar el escape de la moto', expect: ['140 €'] },
      { say: 'vale', expect: ['foto'] },
      { say: 'quiero cancelar el expediente' },
      { say: 'si' },
    ],
    facts: { caseStatus: 'cancelled' },
  },
];
