import { seedEngine } from '@app/catalogue-seed';
import { TurnCustomer } from '../contract';
import { blankCustomer, catalogueOf, Conversation } from './__fixtures__/conversation';

const motos = seedEngine('motos-part');
const aseicars = seedEngine('aseicars-prof');
const catalogue = catalogueOf([{ engine: motos }, { engine: aseicars }]);

const knownCustomer = (): TurnCustomer => ({
  ...blankCustomer('particular'),
  firstName: 'Juan',
  lastName: 'Pérez García',
  email: 'juan@gmail.com',
  nifCif: '12345678Z',
  domicilioCalle: 'Calle Mayor 5',
  domicilioLocalidad: 'Alcobendas',
  domicilioProvincia: 'Madrid',
  domicilioCp: '28100',
});

/** Quote, accept and get to the element photos of ESCAPE. */
const openEscapeCase = (customer = blankCustomer('particular')): Conversation => {
  const conversation = new Conversation(catalogue, customer);
  conversation.send('quiero homologar el escape');
  conversation.send('vale');
  return conversation;
};

/** From an opened ESCAPE case to the personal-data step. */
const toPersonal = (conversation: Conversation): void => {
  conversation.photos(2);
  conversation.send('listo');
  conversation.send('Akrapovic S-K10');
  conversation.send('sí');
  conversation.photos(2);
  conversation.send('listo');
};

describe('a motos case from the offer to pending_review', () => {
  it('collects photos, validated element fields, documents, data and finalises', () => {
    const c = openEscapeCase();
    expect(c.step).toBe('collect_element_data');
    const created = c.effects.find((e) => e.kind === 'create_case');
    expect(created).toMatchObject({
      kind: 'create_case',
      caseId: 'case-1',
      categorySlug: 'motos-part',
      elementCodes: ['ESCAPE'],
      amount: 140,
    });
    expect(c.effects.filter((e) => e.kind === 'save_element_data')).toEqual([
      {
        kind: 'save_element_data',
        caseId: 'case-1',
        elementCode: 'ESCAPE',
        status: 'pending_photos',
        fieldValues: {},
      },
    ]);
    expect(c.text).toContain('fotos de *Escape');
    expect(c.agentState.imageTarget).toEqual({ caseId: 'case-1', elementCode: 'ESCAPE' });

    c.send('listo');
    expect(c.text).toContain('Todavía no me ha llegado ninguna foto');
    expect(c.step).toBe('collect_element_data');

    c.photos(2, '', ['archivo demasiado grande']);
    expect(c.text).toContain('He recibido 2 fotos');
    expect(c.text).toContain('1 no se pudo procesar: archivo demasiado grande');
    expect(c.text).toContain('*listo*');

    c.send('listo');
    expect(c.agentState.progress?.phase).toBe('data');
    expect(c.text).toMatch(/marca/i);

    c.send('Akrapovic S-K10');
    expect(c.lastEffects('save_element_data')).toEqual([
      expect.objectContaining({
        status: 'pending_data',
        fieldValues: { marca_modelo: 'Akrapovic S-K10' },
      }),
    ]);

    c.send('quizás');
    expect(c.text).toContain('sí');
    expect(c.lastEffects('save_element_data')).toEqual([]);

    c.send('sí');
    expect(c.lastEffects('save_element_data')).toEqual([
      expect.objectContaining({ status: 'completed', fieldValues: { homologacion_visible: true } }),
    ]);
    expect(c.step).toBe('collect_base_docs');
    expect(c.text).toContain('Ficha tecnica');

    c.send('listo');
    expect(c.text).toContain('necesito al menos 2');
    c.photos(1);
    c.send('listo');
    expect(c.step).toBe('collect_base_docs');
    c.photos(1);
    c.send('listo');
    expect(c.step).toBe('collect_personal');

    c.send('Me llamo Juan, apellidos Pérez García, DNI 12345678Z y email juan@gmail');
    expect(c.text).toMatch(/email/i);
    const customerPatch = c.lastEffects('update_customer')[0]?.patch;
    expect(customerPatch).toMatchObject({ first_name: 'Juan', nif_cif: '12345678Z' });
    expect(customerPatch?.email).toBeUndefined();

    c.send('email: juan@gmail.com');
    c.send(
      'dirección: Calle Mayor 5\nlocalidad: Alcobendas\nprovincia: Madrid\ncp: 28100\nitv: ITV Alcobendas',
    );
    expect(c.lastEffects('update_case')).toContainEqual(
      expect.objectContaining({ patch: expect.objectContaining({ itv_nombre: 'ITV Alcobendas' }) }),
    );
    expect(c.step).toBe('collect_vehicle');

    c.send('marca: Yamaha\nmodelo: MT-07\naño: 2019\nmatrícula: 1234 BCD');
    expect(c.lastEffects('update_case')[0]?.patch).toMatchObject({
      vehiculo_marca: 'Yamaha',
      vehiculo_anio: 2019,
    });
    expect(c.text).toMatch(/bastidor/i);
    c.send('no lo tengo');
    expect(c.step).toBe('collect_workshop');
    expect(c.text).toContain('85 € +IVA');

    c.send('el vuestro');
    expect(c.lastEffects('update_case')[0]?.patch).toMatchObject({ taller_propio: false });
    expect(c.step).toBe('review_summary');
    expect(c.text).toContain('Resumen');
    expect(c.text).toContain('1234');
    expect(c.text).toContain('¿Está todo correcto?');

    c.send('sí, todo correcto');
    expect(c.last?.effects.map((e) => e.kind)).toEqual([
      'update_case',
      'finalize_case',
      'add_labels',
      'private_note',
    ]);
    expect(c.lastEffects('add_labels')[0]?.labels).toEqual(['expediente']);
    expect(c.text).toContain('Expediente enviado a revisión');
    expect(c.step).toBe('idle');
    expect(c.agentState.lastCaseId).toBe('case-1');

    c.send('¿cómo va mi expediente?');
    expect(c.text).toContain('pendiente de revisión');
  });

  it('stores nothing for an out-of-range number and names the problem', () => {
    const c = new Conversation(catalogue, blankCustomer('particular'));
    c.send('subchasis');
    c.send('sí');
    c.photos(1);
    c.send('listo');
    expect(c.text).toContain('uno por línea');
    c.send('recorte de 5 cm\n50\n2000');
    expect(c.text).toContain('como mínimo 100');
    expect(c.lastEffects('save_element_data')[0]?.fieldValues).toEqual({
      descripcion_modificacion: 'recorte de 5 cm',
      nueva_longitud_total: 2000,
    });
    c.send('250');
    expect(c.lastEffects('save_element_data')[0]).toMatchObject({
      status: 'completed',
      fieldValues: { medida_desde_tanque: 250 },
    });
  });
});

describe('an autocaravana case (professional, no required fields, MSI workshop)', () => {
  it('goes from the quote to pending_review', () => {
    const c = new Conversation(catalogue, { ...blankCustomer('professional') });
    c.send('hola, claraboya en la autocaravana');
    expect(c.text).toContain('135 € +IVA');
    c.send('👍');
    expect(c.step).toBe('collect_element_data');
    expect(c.text).toContain('Claraboya cerrada');
    c.photos(3, 'listo');
    expect(c.step).toBe('collect_base_docs');
    c.photos(2);
    c.send('listo');
    expect(c.step).toBe('collect_personal');
    c.send('Ana López Ruiz, 12345678Z, ana@empresa.es');
    c.send('Calle Mayor 5');
    c.send('Alcobendas');
    c.send('Madrid');
    c.send('28100');
    c.send('ITV Alcobendas');
    expect(c.step).toBe('collect_vehicle');
    c.send('Fiat Ducato 2018, 1234 BCD, bastidor ZFA25000002345678');
    expect(c.step).toBe('collect_workshop');
    c.send('no tengo taller, el vuestro');
    expect(c.step).toBe('review_summary');
    expect(c.text).toContain('Certificado de nuestro taller concertado');
    c.send('todo correcto');
    expect(c.lastEffects('finalize_case')).toHaveLength(1);
    expect(c.lastEffects('private_note')[0]?.content).toContain(
      'CLARABOYA'.length > 0 ? 'Claraboya' : '',
    );
    expect(c.step).toBe('idle');
  });
});

describe('data sections: wrong values and requests are never stored', () => {
  it('a VIN with an I is re-asked, not skipped; "no lo tengo" skips it', () => {
    const c = openEscapeCase(knownCustomer());
    toPersonal(c);
    c.send('sí');
    c.send('ITV Alcobendas');
    c.send('Yamaha MT-07 2019 1234 BCD');
    c.send('VF1RFB00I12345678');
    expect(c.text).toContain('no lleva las letras I, O ni Q');
    expect(c.step).toBe('collect_vehicle');
    expect(c.lastEffects('update_case')).toEqual([]);
    c.send('no lo tengo');
    expect(c.step).toBe('collect_workshop');
  });

  it('"quiero cambiar el email" while a workshop field is asked is no workshop value', () => {
    const c = openEscapeCase(knownCustomer());
    toPersonal(c);
    c.send('sí');
    c.send('ITV Alcobendas');
    c.send('Yamaha MT-07 2019 1234 BCD');
    c.send('no lo tengo');
    c.send('mi taller');
    c.send('Talleres Pérez SL, Pedro Gómez Ruiz, Calle Industria 12, Madrid, Getafe, 912345678');
    c.send('quiero cambiar el email');
    expect(c.lastEffects('update_case')).toEqual([]);
    expect(c.text).toContain('¿A qué email');
    c.send('ana@gmail.com');
    expect(c.lastEffects('update_customer')[0]?.patch).toEqual({ email: 'ana@gmail.com' });
    expect(c.step).toBe('collect_workshop');
  });

  it('explains why a datum of a reform is needed without the catalogue instruction', () => {
    const c = new Conversation(catalogue, blankCustomer('particular'));
    c.send('el manillar');
    c.send('sí');
    c.photos(1, 'listo');
    c.send('¿y esto para qué lo queréis?');
    expect(c.text).toContain('informe técnico');
    expect(c.text).not.toContain('Solicita');
  });

  it('asks each example photo of a reform once', () => {
    const c = new Conversation(catalogue, blankCustomer('professional'));
    c.send('toldo lateral en la autocaravana');
    c.send('no');
    c.send('sí');
    expect(c.text.match(/Toldo cerrado/g)).toHaveLength(1);
  });
});

describe('personal data reuse', () => {
  it('shows stored data and, confirmed, asks only the ITV station', () => {
    const c = openEscapeCase(knownCustomer());
    toPersonal(c);
    expect(c.step).toBe('collect_personal');
    expect(c.text).toContain('juan@gmail.com');
    expect(c.text).toContain('¿Son correctos?');
    c.send('sí');
    expect(c.lastEffects('update_customer')).toEqual([]);
    expect(c.text).toMatch(/ITV/);
    c.send('ITV de Alcobendas');
    expect(c.step).toBe('collect_vehicle');
  });
});

describe('corrections, cancel, status and why inside a case', () => {
  it('fixes only the named field', () => {
    const c = openEscapeCase(knownCustomer());
    toPersonal(c);
    c.send('sí');
    c.send('ITV Alcobendas');
    c.send('Yamaha MT-07 de 2019, matrícula 1234 BCD');
    c.send('me equivoqué, la matrícula es 5678 FGH');
    expect(c.text).toContain('Corregido');
    expect(c.lastEffects('update_case')[0]?.patch).toEqual({ vehiculo_matricula: '5678FGH' });
  });

  it('asks before cancelling and cancels on "sí"', () => {
    const c = openEscapeCase();
    c.send('quiero cancelar');
    expect(c.text).toContain('¿Seguro que quieres cancelar');
    expect(c.lastEffects('cancel_case')).toEqual([]);
    c.send('sí');
    expect(c.lastEffects('cancel_case')).toEqual([
      { kind: 'cancel_case', caseId: 'case-1', reason: 'Cancelado por el cliente' },
    ]);
    expect(c.step).toBe('idle');
  });

  it('keeps the case when the cancellation is not confirmed', () => {
    const c = openEscapeCase();
    c.send('cancelar');
    c.send('no');
    expect(c.step).toBe('collect_element_data');
    expect(c.text).toContain('seguimos');
  });

  it('"no tengo fotos" is answered, and repeated it ends in a hand-over', () => {
    const c = openEscapeCase();
    c.send('no tengo fotos');
    expect(c.text).toContain('Sin fotos de *Escape');
    expect(c.step).toBe('collect_element_data');
    c.send('no tengo fotos');
    c.send('no tengo fotos');
    expect(c.lastEffects('escalate')).toHaveLength(1);
  });

  it('answers the status and re-asks the current step', () => {
    const c = openEscapeCase();
    c.send('¿cómo va mi expediente?');
    expect(c.text).toContain('recogiendo datos');
    expect(c.text).toContain('fotos de *Escape');
  });

  it('explains why a field is needed and asks again', () => {
    const c = openEscapeCase(knownCustomer());
    toPersonal(c);
    c.send('sí');
    c.send('¿por qué necesitáis eso?');
    expect(c.text).toContain('ITV');
    expect(c.step).toBe('collect_personal');
  });

  it('does not open a second case while one is active', () => {
    const c = openEscapeCase();
    c.caseRow = { id: 'other', status: 'in_progress', imagesByElement: {}, baseDocImages: 0 };
    c.state = null;
    c.send('el manillar');
    c.send('sí');
    expect(c.lastEffects('create_case')).toEqual([]);
    expect(c.text).toContain('Ya tienes un expediente abierto');
  });
});
