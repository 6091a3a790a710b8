import { seedEngine, seedSnapshot } from '@app/catalogue-seed';
import { QuoteEngine } from '../../catalogue';
import { blankCustomer, catalogueOf, Conversation } from './__fixtures__/conversation';

const motos = seedEngine('motos-part');
const aseicars = seedEngine('aseicars-prof');
const catalogue = catalogueOf([{ engine: motos }, { engine: aseicars }]);

const particular = (): Conversation => new Conversation(catalogue, blankCustomer('particular'));
const professional = (): Conversation => new Conversation(catalogue, blankCustomer('professional'));

interface QuoteCase {
  name: string;
  turns: string[];
  contains: string[];
  step: string;
  notContains?: string[];
}

/** Quote scenarios as data: the customer's messages (one per turn) and facts of the last reply. */
const QUOTES: QuoteCase[] = [
  {
    name: 'ESCAPE alone is T6 140 €',
    turns: ['Hola, quiero homologar el escape de mi moto'],
    contains: [
      '140 € +IVA',
      'Escape',
      'certificado del taller no está incluido',
      '85 € +IVA',
      'Ficha tecnica',
    ],
    step: 'offer_made',
  },
  {
    name: 'ESCAPE + MANILLAR is one tier price, 175 €',
    turns: ['quiero legalizar el escape y el manillar'],
    contains: ['175 € +IVA', 'Manillar'],
    notContains: ['315'],
    step: 'offer_made',
  },
  {
    name: 'SUBCHASIS is T1 410 €',
    turns: ['subchasis recortado'],
    contains: ['410 € +IVA'],
    step: 'offer_made',
  },
  {
    name: 'typos, no accents and emojis',
    turns: ['ola kiero omologar el escpae 😀🏍️'],
    contains: ['140 € +IVA'],
    step: 'offer_made',
  },
  {
    name: '"quitar el caballete" is a reform to legalise, not an exclusion',
    turns: ['quiero quitar el caballete'],
    contains: ['Caballete', '140 € +IVA'],
    step: 'offer_made',
  },
  {
    name: 'a variant question: suspension → "las dos"',
    turns: ['he cambiado la suspension', 'las dos'],
    contains: ['Suspension delantera', 'Suspension trasera', '325 € +IVA'],
    step: 'offer_made',
  },
  {
    name: 'a variant answered with one option',
    turns: ['he cambiado la suspension', 'la trasera'],
    contains: ['Suspension trasera'],
    notContains: ['Suspension delantera'],
    step: 'offer_made',
  },
  {
    name: 'elements accumulate across messages',
    turns: ['el escape', 'también el manillar'],
    contains: ['175 € +IVA'],
    step: 'offer_made',
  },
  {
    name: '"mejor solo el escape" replaces the quote',
    turns: ['el escape y el manillar', 'mejor solo el escape'],
    contains: ['140 € +IVA'],
    notContains: ['175'],
    step: 'offer_made',
  },
  {
    name: '"todo menos el manillar" removes it',
    turns: ['escape y manillar', 'todo menos el manillar'],
    contains: ['140 € +IVA'],
    step: 'offer_made',
  },
  {
    name: '"¿cuánto era?" repeats the price',
    turns: ['el escape', '¿cuánto era?'],
    contains: ['140 € +IVA'],
    notContains: ['No he reconocido'],
    step: 'offer_made',
  },
  {
    name: 'two variants named in one answer take both',
    turns: ['quiero legalizar las luces', 'el faro y el piloto'],
    contains: ['Faro delantero', 'Piloto freno trasero', '175 € +IVA'],
    step: 'offer_made',
  },
  {
    name: 'naming the variants answers the open question',
    turns: ['quiero legalizar las luces', 'el faro delantero y el piloto de freno'],
    contains: ['175 € +IVA'],
    notContains: ['¿Que tipo de luces?'],
    step: 'offer_made',
  },
  {
    name: 'a documents question after the quote is answered, not read as an unknown reform',
    turns: ['el escape', '¿qué documentación necesito?'],
    contains: ['Necesitamos', '¿Quieres que abra el expediente?'],
    notContains: ['No he reconocido'],
    step: 'offer_made',
  },
  {
    name: 'a timing question while a variant is open keeps the question',
    turns: ['la suspension', '¿cuánto tarda?'],
    contains: ['plazo', 'delantera o la trasera'],
    notContains: ['No he reconocido'],
    step: 'quoting',
  },
];

describe('quotes (motos, particular)', () => {
  it.each(QUOTES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const conversation = particular();
    for (const text of c.turns) conversation.send(text);
    for (const fact of c.contains) expect(conversation.text).toContain(fact);
    for (const fact of c.notContains ?? []) expect(conversation.text).not.toContain(fact);
    expect(conversation.step).toBe(c.step);
  });

  it('asks "¿delantera o trasera?" for a suspension', () => {
    const conversation = particular();
    conversation.send('he cambiado la suspension');
    expect(conversation.step).toBe('quoting');
    expect(conversation.text.toLowerCase()).toContain('delantera o la trasera');
  });

  it('the offer goes in follow_up and the welcome on first contact', () => {
    const conversation = particular();
    const out = conversation.send('hola');
    expect(out.reply?.text).toContain('MSI Automotive');
    expect(out.reply?.text).toContain('¿Qué reforma quieres legalizar?');
    const quote = conversation.send('el escape');
    expect(quote.reply?.follow_up).toBe('¿Quieres que abra el expediente?');
  });

  it('names terms it does not recognise', () => {
    const conversation = particular();
    conversation.send('quiero homologar el condensador de fluzo');
    expect(conversation.text).toContain('No he reconocido');
    expect(conversation.last?.understood).toBe(false);
  });

  it('offers only the categories of the client type (particular: no autocaravanas)', () => {
    const conversation = particular();
    conversation.send('quiero homologar un toldo en mi autocaravana');
    expect(conversation.text).toContain('Motocicletas');
    expect(conversation.text).not.toContain('€');
  });

  it('a price question for an unoffered vehicle gets no generic price answer on top', () => {
    const conversation = particular();
    conversation.send('hola, cuánto cuesta homologar una placa solar en mi autocaravana');
    expect(conversation.text).toContain('Motocicletas');
    expect(conversation.text).not.toContain('Los precios van por tarifa');
  });
});

describe('quotes (autocaravanas, professional)', () => {
  it('quotes a skylight for a professional', () => {
    const conversation = professional();
    conversation.send('buenas, claraboya adicional en la camper');
    expect(conversation.text).toContain('135 € +IVA');
    expect(conversation.agentState.categorySlug).toBe('aseicars-prof');
  });

  it('resolves a yes/no variant (toldo que no afecta al gálibo)', () => {
    const conversation = professional();
    conversation.send('toldo lateral');
    expect(conversation.step).toBe('quoting');
    conversation.send('no');
    expect(conversation.text).toContain('sin afectar galibo');
    expect(conversation.step).toBe('offer_made');
  });
});

describe('category choice when several are offered', () => {
  const both = catalogueOf([{ engine: motos }, { engine: aseicars, clientType: 'particular' }]);

  it('the welcome asks the vehicle type', () => {
    const c = new Conversation(both, blankCustomer('particular'));
    c.send('hola');
    expect(c.text).toContain('¿Y en qué vehículo?');
  });

  it('infers the category from what the matchers recognise', () => {
    const c = new Conversation(both, blankCustomer('particular'));
    c.send('claraboya adicional');
    expect(c.agentState.categorySlug).toBe('aseicars-prof');
    expect(c.text).toContain('135 € +IVA');
  });

  it('asks once when the text fits both, then quotes the held request', () => {
    const c = new Conversation(both, blankCustomer('particular'));
    c.send('quiero homologar unos faros');
    expect(c.text).toContain('¿Para qué tipo de vehículo es?');
    c.send('es una moto');
    expect(c.agentState.categorySlug).toBe('motos-part');
    expect(c.text).toContain('Faro delantero');
    c.send('y el escape');
    expect(c.text).toContain('175 € +IVA');
  });
});

describe('example images', () => {
  const withImage = (): QuoteEngine => {
    const snapshot = seedSnapshot('motos-part');
    const escape = snapshot.elements.find((element) => element.code === 'ESCAPE');
    escape?.images.push({
      id: 'img-1',
      imageUrl: '/images/escape-homologado.jpg',
      imageType: 'example',
      title: 'Marcado de homologación',
      description: null,
      sortOrder: 1,
      isRequired: false,
      status: 'active',
      userInstruction: null,
    });
    return new QuoteEngine(snapshot);
  };

  it('are sent once per quote, with absolute URLs, and again for a changed quote', () => {
    const conversation = new Conversation(
      catalogueOf([{ engine: withImage() }]),
      blankCustomer('particular'),
    );
    const first = conversation.send('el escape');
    expect(first.reply?.images).toEqual([
      {
        url: 'https://api.example.com/images/escape-homologado.jpg',
        description: 'Marcado de homologación',
      },
    ]);
    expect(conversation.send('¿cuánto era?').reply?.images).toEqual([]);
    expect(conversation.send('añade el manillar').reply?.images).toHaveLength(1);
  });
});
