import { Dialogue } from './dialogue';

/**
 * The worker killed (SIGKILL) before, during and after turns, and two workers at once: the
 * dialogue goes on where it stopped, with no reply, case, photo or field twice.
 */
export const RESILIENCE_DIALOGUES: Dialogue[] = [
  {
    name: 'the worker is killed before, during and after turns: nothing lost, nothing twice',
    turns: [
      { say: 'hola, quiero homologar el escape de la moto', expect: ['140 €'] },
      {
        crash: 'turn',
        say: 'vale',
        expect: ['He abierto tu expediente'],
        facts: { cases: 1, caseStatus: 'collecting' },
      },
      {
        crash: 'turn',
        photos: ['jpeg', 'jpeg'],
        expect: ['He recibido 2 fotos'],
        facts: { photos: { ESCAPE: 2 } },
      },
      { crash: 'delivery', say: 'listo', expect: ['Marca y modelo del escape'] },
      {
        say: 'Akrapovic Slip-On',
        expect: ['numero E'],
        facts: { elements: { ESCAPE: { fields: { marca_modelo: 'Akrapovic Slip-On' } } } },
      },
      {
        crash: 'before',
        say: 'sí',
        expect: ['documentación del vehículo'],
        facts: { step: 'collect_base_docs', elements: { ESCAPE: { status: 'completed' } } },
      },
    ],
    facts: {
      cases: 1,
      photos: { ESCAPE: 2, base: 0 },
      elements: { ESCAPE: { fields: { homologacion_visible: true } } },
      openEscalations: 0,
    },
  },
  {
    name: 'two workers: bursts and photos answered once, one of them killed mid-turn',
    workers: 2,
    turns: [
      { say: ['hola', 'quiero homologar', 'el escape de la moto'], expect: ['140 €'] },
      { say: 'vale', expect: ['fotos de *Escape'], facts: { cases: 1 } },
      {
        photos: ['jpeg', 'jpeg', 'jpeg'],
        expect: ['He recibido 3 fotos'],
        facts: { photos: { ESCAPE: 3 } },
      },
      { crash: 'turn', say: 'listo', expect: ['Marca y modelo del escape'] },
      { say: 'Akrapovic Slip-On', expect: ['numero E'] },
      { say: 'sí', expect: ['documentación del vehículo'] },
      {
        photos: ['jpeg', 'jpeg'],
        say: 'listo',
        expect: ['He recibido 2 fotos', 'Tengo guardados estos datos tuyos'],
        facts: { step: 'collect_personal' },
      },
    ],
    facts: { cases: 1, photos: { ESCAPE: 3, base: 2 } },
  },
];
