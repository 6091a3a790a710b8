import { seedEngine } from '@app/catalogue-seed';
import { blankCustomer, catalogueOf, Conversation } from './__fixtures__/conversation';

const catalogue = catalogueOf([
  { engine: seedEngine('motos-part') },
  { engine: seedEngine('aseicars-prof') },
]);

/** An ESCAPE case at its data questions (photos in). */
const atEscapeFields = (): Conversation => {
  const c = new Conversation(catalogue, blankCustomer('particular'));
  c.send('quiero homologar el escape');
  c.send('vale');
  c.photos(2);
  c.send('listo');
  return c;
};

/** An ESCAPE case at the summary (MSI workshop). */
const atSummary = (): Conversation => {
  const c = atEscapeFields();
  c.send('Akrapovic Slip-On');
  c.send('sí');
  c.photos(2);
  c.send('listo');
  c.send('Juan Pérez García, 12345678Z, juan@gmail.com');
  c.send('Calle Mayor 5, Alcobendas, Madrid, 28100, ITV Alcobendas');
  c.send('Yamaha MT-07 2019 1234 BCD');
  c.send('no lo tengo');
  c.send('el vuestro');
  expect(c.step).toBe('review_summary');
  return c;
};

describe("corrections of a reform's own data", () => {
  it('"me equivoqué, la marca del escape es …" fixes the element field, never the vehicle', () => {
    const c = atEscapeFields();
    c.send('Arrow Pro-Race');
    c.send('me equivoqué, la marca del escape es Yoshimura R-77');
    expect(c.lastEffects('save_element_data')).toEqual([
      expect.objectContaining({
        elementCode: 'ESCAPE',
        status: 'pending_data',
        fieldValues: { marca_modelo: 'Yoshimura R-77' },
      }),
    ]);
    expect(c.lastEffects('update_case')).toEqual([]);
    expect(c.text).toContain('Corregido');
    // The pending question is asked again.
    expect(c.text).toContain('numero E');
  });

  it('a corrected length keeps its unit and validation once the reform is done', () => {
    const c = new Conversation(catalogue, blankCustomer('particular'));
    c.send('subchasis');
    c.send('sí');
    c.photos(1);
    c.send('listo');
    c.send('recorte del colín\n250 mm\n2100');
    expect(c.step).toBe('collect_base_docs');
    c.send('me equivoqué, la medida desde el tanque es 5 cm');
    expect(c.text).toContain('como mínimo 100');
    expect(c.lastEffects('save_element_data')).toEqual([]);
    c.send('30 cm');
    expect(c.lastEffects('save_element_data')).toEqual([
      expect.objectContaining({ status: 'completed', fieldValues: { medida_desde_tanque: 300 } }),
    ]);
    expect(c.step).toBe('collect_base_docs');
  });

  it('a vehicle correction still goes to the case', () => {
    const c = atSummary();
    c.send('me equivoqué, la matrícula es 5678 BCD');
    expect(c.lastEffects('update_case')[0]?.patch).toEqual({ vehiculo_matricula: '5678BCD' });
    expect(c.lastEffects('save_element_data')).toEqual([]);
  });
});

describe('editing a reform from the summary', () => {
  it('asks for the named field and stores the answer, back in the summary', () => {
    const c = atSummary();
    expect(c.text).toContain('Akrapovic Slip-On');
    c.send('quiero cambiar la marca del escape');
    expect(c.text).toContain('Marca y modelo del escape');
    expect(c.step).toBe('review_summary');
    c.send('Yoshimura R-77');
    expect(c.lastEffects('save_element_data')).toEqual([
      expect.objectContaining({
        status: 'completed',
        fieldValues: { marca_modelo: 'Yoshimura R-77' },
      }),
    ]);
    expect(c.text).toContain('Yoshimura R-77');
    expect(c.text).toContain('¿Está todo correcto?');
  });

  it('"las fotos del escape" collects more photos of it and returns to the summary', () => {
    const c = atSummary();
    c.send('quiero mandar otra foto del escape');
    expect(c.step).toBe('collect_element_data');
    expect(c.agentState.imageTarget).toEqual({ caseId: 'case-1', elementCode: 'ESCAPE' });
    c.photos(1);
    expect(c.text).toContain('He recibido 1 foto');
    c.send('listo');
    expect(c.step).toBe('review_summary');
    expect(c.agentState.imageTarget).toBeNull();
    expect(c.text).toContain('Escape / Sistema de escape: 3 fotos');
    c.send('todo correcto');
    expect(c.lastEffects('finalize_case')).toHaveLength(1);
  });

  it('a reform named without saying what changes: photos or which datum', () => {
    const c = atSummary();
    c.send('quiero cambiar algo del escape');
    expect(c.text).toContain('¿Qué quieres cambiar de *Escape / Sistema de escape*');
    c.send('las fotos');
    expect(c.step).toBe('collect_element_data');
  });
});

describe('a reform that shares words with a case field', () => {
  it('"la matrícula es 5678 BCD" is the vehicle plate even with the plate bracket in the case', () => {
    const c = new Conversation(catalogue, blankCustomer('particular'));
    c.send('quiero homologar el emplazamiento de la matrícula');
    expect(c.text).toContain('Emplazamiento de matricula');
    c.send('sí');
    c.photos(1, 'listo');
    c.send('me equivoqué, la matrícula es 5678 BCD');
    expect(c.lastEffects('save_element_data')).toEqual([]);
    expect(c.lastEffects('update_case')[0]?.patch).toEqual({ vehiculo_matricula: '5678BCD' });
  });
});
