import { FILLER_WORDS, STOPWORDS, foldText } from '../../catalogue/text';
import { leadingBrand } from './brands';
import { CASE_FIELDS, CaseFieldKey, CaseFieldValue, CaseSection, fieldDef } from './fields';
import { LabelHit, alignForLabels, findLabels, resolveLabel } from './labels';
import { canonicalProvince } from './provinces';
import { LOOSE_SHAPES, SHAPES } from './shapes';
import { validateCaseField } from './validate';

export interface Extraction {
  /** Only validated (and normalised) values. */
  values: Partial<Record<CaseFieldKey, CaseFieldValue>>;
  /** Spanish re-ask per field that looked present but failed validation. */
  errors: Partial<Record<CaseFieldKey, string>>;
}

/** Joining words that belong inside a name when another name word follows ("de la Fuente"). */
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'i', 'da', 'van', 'von']);

/** Words that end a name: fillers, articles, label words and the usual sentence glue. */
const NAME_STOP = new Set<string>([
  ...[...STOPWORDS].filter((word) => !PARTICLES.has(word)),
  ...FILLER_WORDS,
  ...CASE_FIELDS.flatMap((def) => def.synonyms.flatMap((phrase) => phrase.split(' '))).filter(
    (word) => word.length > 1 && !PARTICLES.has(word),
  ),
  ...[
    'soy',
    'llamo',
    'vivo',
    'resido',
    'tengo',
    'email',
    'correo',
    'telefono',
    'movil',
    'avenida',
    'plaza',
    'paseo',
    'gracias',
    'hola',
    'buenas',
    'vale',
    'ok',
    'okey',
    'si',
    'no',
    'autonomo',
    'autonoma',
    'empresa',
    'particular',
    'cliente',
    'yo',
    'aqui',
    'ahi',
    'datos',
    'nombre',
    'apellidos',
    'perfecto',
    'claro',
    'listo',
    'ya',
    'saludos',
  ],
]);

/** Words a customer puts before the data itself ("vale, aquí tienes: …"). */
const LEAD_FILLERS = new Set([
  'hola',
  'buenas',
  'buenos',
  'dias',
  'tardes',
  'vale',
  'ok',
  'okey',
  'pues',
  'bueno',
  'si',
  'claro',
  'perfecto',
  'aqui',
  'ahi',
  'tienes',
  'tiene',
  'van',
  'va',
  'te',
  'os',
  'paso',
  'mando',
  'envio',
  'dejo',
  'mis',
  'los',
  'datos',
  'son',
  'estos',
  'es',
  'seria',
  'venga',
  'entonces',
]);

/** Leading words dropped from single-field answers ("es la de Alcobendas" → "Alcobendas"). */
const LEAD_ARTICLES = new Set([
  'el',
  'la',
  'los',
  'las',
  'un',
  'una',
  'de',
  'del',
  'en',
  'mi',
  'su',
]);

/** Trailing glue left when a value is cut before the next datum ("Motos Pepe y el"). */
const TRAILING_GLUE =
  /(?:[\s,;:.\-–]+|\s+(?:y|e|mi|el|la|los|las|con|de|del|que|es|son|tambien|también|ademas|además|pero|en))+$/iu;

/** Glue between a label and its value ("la matrícula del coche es: …"). */
const LEADING_GLUE =
  /^(?:[\s:=>\-–—.,]|(?:(?:del|de la|de mi|de el|de)\s+(?:coche|veh[ií]culo|moto|motocicleta|furgoneta|furgo|autocaravana|caravana|cami[oó]n|taller|empresa|titular)|es|son|era|ser[ií]a|ser[aá]|se llama|a|por|correct[oa] es|buen[oa] es)(?![\p{L}\p{N}]))+/iu;

/** Answers that mean "not now / not known", never taken as a value. */
const NON_ANSWER =
  /^(?:no|no se|no lo se|ni idea|no lo tengo|no la tengo|luego|despues|mas tarde|ahora|ahora te lo|te lo|te la|lo busco|lo miro|espera|un momento|que|cual|como|si|vale|ok|gracias|hola|listo|ya)(?: |$)/;

const STREET_START =
  /^(?:c\s*\/|c\/|cl\.?|calle|avda\.?|av\.?|avenida|plaza|pza\.?|pl\.?|paseo|p[ºo]\.?|camino|carretera|ctra\.?|ronda|traves[ií]a|urbanizaci[oó]n|urb\.?|pasaje|rambla|carrer|glorieta|pol[ií]gono|pol\.?|partida|barrio|lugar|v[ií]a|r[uú]a)(?![\p{L}])/iu;

const ADDRESS_CONTINUATION =
  /^\s*(?:\d{1,3}\s*[ºª°]?\s*[A-Za-z]?|piso|puerta|pta|bajo|portal|esc|escalera|planta|izq|izda|dcha|derecha|izquierda|bis|letra|[ºª°]|n[ºª°]|num|número|numero|s\/n)(?![\p{L}\p{N}])/iu;

const ABBREVIATIONS = new Set([
  'avda',
  'av',
  'c',
  'cl',
  'pza',
  'pl',
  'ctra',
  'urb',
  'n',
  'no',
  'num',
  'sr',
  'sra',
  'dr',
  'dra',
  'sta',
  'sto',
  'p',
  'pol',
  'esc',
  'pta',
]);

const NAME_TARGETS = new Set<CaseFieldKey>(['nombre', 'apellidos', 'taller_responsable']);
const ADDRESS_FIELDS = new Set<CaseFieldKey>(['domicilio_calle', 'taller_domicilio']);

const isNameWord = (word: string): boolean => /^[\p{L}][\p{L}'’-]*\.?$/u.test(word);

/** Raw words with their offsets. */
const words = (text: string, offset = 0): { word: string; start: number; end: number }[] =>
  [...text.matchAll(/\S+/g)].map((m) => ({
    word: m[0],
    start: offset + m.index,
    end: offset + m.index + m[0].length,
  }));

interface NameRun {
  /** Name groups: a word with the particles before it ("de la Fuente"). */
  groups: string[];
  /** Raw end offset of the last name word. */
  end: number;
}

/** Name words from the start of `text` until something that is not part of a name. */
const readName = (text: string, offset: number): NameRun => {
  const groups: string[] = [];
  let pending: string[] = [];
  let end = offset;
  for (const { word, end: wordEnd } of words(text, offset).slice(0, 12)) {
    const bare = word.replace(/[,;:.!?)]+$/, '');
    const folded = foldText(bare);
    const stops = bare !== word && !/\.$/.test(word);
    if (!isNameWord(bare) || !folded) break;
    if (PARTICLES.has(folded) && groups.length > 0) {
      pending.push(bare);
    } else if (NAME_STOP.has(folded) || PARTICLES.has(folded)) {
      break;
    } else {
      groups.push([...pending, bare].join(' '));
      pending = [];
      end = wordEnd - (word.length - bare.length);
    }
    if (stops || groups.length >= 6) break;
  }
  return { groups, end };
};

/**
 * Given names that are rarely surnames: as the second of three words they make a compound
 * first name ("José Luis García", "María José Pérez").
 */
const SECOND_GIVEN_NAMES = new Set(
  (
    'jose maria mari luis carmen angel antonio manuel jesus pilar teresa isabel dolores ' +
    'francisco javier carlos miguel ignacio alberto ana rosa elena cristina eugenia fernando ' +
    'pablo mercedes victoria belen lourdes inmaculada concepcion angeles emilio enrique ' +
    'eduardo alfonso rafael joaquin sergio david daniel jorge alejandro felipe gabriel agustin ' +
    'patricia lucia marta sara paula andrea alicia beatriz silvia sofia luisa josefa antonia ' +
    'manuela francisca'
  ).split(' '),
);

/** Spanish names carry two surnames: the last two groups are apellidos, the rest the nombre. */
const splitName = (groups: readonly string[]): { nombre: string; apellidos: string | null } => {
  const compound = groups.length <= 3 && SECOND_GIVEN_NAMES.has(foldText(groups[1] ?? ''));
  if (groups.length <= 1 || (groups.length === 2 && compound)) {
    return { nombre: groups.join(' '), apellidos: null };
  }
  const surnames = groups.length === 2 || compound ? 1 : 2;
  return {
    nombre: groups.slice(0, groups.length - surnames).join(' '),
    apellidos: groups.slice(groups.length - surnames).join(' '),
  };
};

const stripTrailing = (value: string): string => value.replace(TRAILING_GLUE, '').trim();

const stripLeading = (value: string, drop: ReadonlySet<string>): string => {
  let rest = value.trim();
  for (;;) {
    const match = /^([^\s,;:]+)[\s,;:!.]*/.exec(rest);
    if (!match || !drop.has(foldText(match[1] ?? ''))) return rest;
    const next = rest.slice(match[0].length).trim();
    if (next === rest) return rest;
    rest = next;
  }
};

/** Where a value that starts at `from` ends: a hard separator, or a comma not continuing an address. */
const valueEnd = (raw: string, from: number, limit: number, field: CaseFieldKey | null): number => {
  for (let i = from; i < limit; i += 1) {
    const ch = raw[i];
    if (ch === '\n' || ch === ';' || ch === '|' || ch === '?' || ch === '!') return i;
    if (ch === ',') {
      if (field && ADDRESS_FIELDS.has(field) && ADDRESS_CONTINUATION.test(raw.slice(i + 1)))
        continue;
      return i;
    }
    if (ch === '.' && /\s/.test(raw[i + 1] ?? '')) {
      const before = /(\S+)$/.exec(raw.slice(from, i))?.[1] ?? '';
      if (!ABBREVIATIONS.has(foldText(before))) return i;
    }
  }
  return limit;
};

class Collector {
  public readonly candidates = new Map<CaseFieldKey, string>();
  /** Candidates from weak cues: dropped silently when invalid. */
  public readonly weak = new Set<CaseFieldKey>();
  /** Raw offset where a labelled street address ended (place names after it are its town). */
  public addressEnd: number | null = null;
  private readonly mask: string[];

  constructor(
    public readonly raw: string,
    public readonly section: CaseSection,
    public readonly expected: readonly CaseFieldKey[],
  ) {
    this.mask = raw.split('');
  }

  public get masked(): string {
    return this.mask.join('');
  }

  public consume(start: number, end: number): void {
    for (let i = start; i < end; i += 1) this.mask[i] = ' ';
  }

  public pending(field: CaseFieldKey): boolean {
    return this.expected.includes(field) && !this.candidates.has(field);
  }

  public propose(field: CaseFieldKey, value: string, weak = false): void {
    if (fieldDef(field).section !== this.section || this.candidates.has(field)) return;
    const trimmed = value.trim();
    if (!trimmed) return;
    this.candidates.set(field, trimmed);
    if (weak) this.weak.add(field);
  }

  public proposeName(groups: readonly string[], weak: boolean): void {
    const { nombre, apellidos } = splitName(groups);
    this.propose('nombre', nombre, weak);
    if (apellidos) this.propose('apellidos', apellidos, weak);
  }
}

const STRICT_BY_FIELD = new Map<CaseFieldKey, RegExp[]>();
for (const rule of SHAPES) {
  const list = STRICT_BY_FIELD.get(rule.field) ?? [];
  list.push(new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', '')));
  STRICT_BY_FIELD.set(rule.field, list);
}

/** Reads the value after one label; returns false when the label turned out not to be one. */
const readLabel = (
  c: Collector,
  hit: LabelHit,
  hitStart: number,
  hitEnd: number,
  limit: number,
): boolean => {
  const { raw } = c;
  const field = resolveLabel(hit.target, c.section);
  const after = raw.slice(hitEnd, limit);
  const labelled = /^\s*(?:[:=]|es(?![\p{L}])|son(?![\p{L}])|se llama)/iu.test(after);
  const street = ADDRESS_FIELDS.has(field) && hit.keepLabel && !labelled;
  let from = hitEnd;
  if (street) {
    from = hitStart; // "Calle Mayor 5": the street type is part of the address
  } else if (hit.keepLabel && !labelled) {
    // "ITV Alcobendas", "Taller Pérez": kept only when a name or number follows.
    if (!/^\s+(?:(?:de|del|la|el)\s+)?[\p{Lu}\d]/u.test(after)) return false;
    from = hitStart;
  } else {
    from += LEADING_GLUE.exec(raw.slice(from, limit))?.[0].length ?? 0;
  }
  const end = valueEnd(raw, from, limit, field);
  const window = raw.slice(from, end);

  if (fieldDef(field).section !== c.section) {
    if (hit.weak) return false;
    c.consume(hitStart, end); // another section's datum: not misread as one of ours
    return true;
  }

  if (hit.target === 'fullname' || NAME_TARGETS.has(field)) {
    const run = readName(window, from);
    if (run.groups.length === 0) {
      if (hit.weak || !window.trim() || NON_ANSWER.test(foldText(window))) return false;
      c.propose(field, stripTrailing(window));
      c.consume(hitStart, end);
      return true;
    }
    c.consume(hitStart, run.end);
    const fullName =
      hit.target === 'fullname' ||
      (field === 'nombre' && run.groups.length >= 2 && !c.candidates.has('apellidos'));
    if (field !== 'taller_responsable' && fullName) c.proposeName(run.groups, hit.weak);
    else c.propose(field, run.groups.join(' '), hit.weak);
    return true;
  }

  const patterns = [
    ...(STRICT_BY_FIELD.get(field) ?? []),
    ...[LOOSE_SHAPES[field]].filter((pattern): pattern is RegExp => pattern !== undefined),
  ];
  if (patterns.length > 0) {
    for (const pattern of patterns) {
      const match = pattern.exec(window);
      if (match) {
        c.propose(field, match[0]);
        c.consume(hitStart, from + match.index + match[0].length);
        return true;
      }
    }
    if (field === 'bastidor' && NON_ANSWER.test(foldText(window))) {
      c.propose(field, window);
      c.consume(hitStart, end);
    }
    return true;
  }

  const value = stripTrailing(window);
  const folded = foldText(value);
  if (!folded || NON_ANSWER.test(folded) || LEAD_ARTICLES.has(folded)) return false;
  if (street && !/\d|s\/n/i.test(value)) return false;
  c.propose(field, value, hit.weak);
  c.consume(hitStart, end);
  if (ADDRESS_FIELDS.has(field)) c.addressEnd = end;
  return true;
};

const readLabels = (c: Collector): void => {
  const aligned = alignForLabels(c.raw);
  const hits = findLabels(aligned);
  hits.forEach((hit, index) => {
    const next = hits[index + 1];
    const start = aligned.map[hit.start] ?? 0;
    const end = aligned.map[hit.end] ?? c.raw.length;
    const limit = next ? (aligned.map[next.start] ?? c.raw.length) : c.raw.length;
    if (c.masked.slice(start, end).trim() === '') return;
    readLabel(c, hit, start, end, limit);
  });
};

const readShapes = (c: Collector): void => {
  for (const rule of SHAPES) {
    for (const match of c.masked.matchAll(rule.pattern)) {
      if (rule.accept && !rule.accept(match[0])) continue;
      c.consume(match.index, match.index + match[0].length);
      c.propose(rule.field, match[0]);
    }
  }
};

interface Segment {
  text: string;
  /** Raw offset of the segment. */
  start: number;
  /** First segment with letters in the message. */
  first: boolean;
  /** The only segment with letters in the message. */
  whole: boolean;
}

const segmentsOf = (masked: string): Segment[] => {
  const parts: { text: string; start: number }[] = [];
  const separator = /[,;\n|]|\.(?=\s|$)/g;
  let start = 0;
  for (const match of [...masked.matchAll(separator), null]) {
    const end = match ? match.index : masked.length;
    const text = stripLeading(masked.slice(start, end), LEAD_FILLERS)
      .replace(/^[\s:]+/, '')
      .trim();
    if (/\p{L}/u.test(text)) parts.push({ text, start });
    start = end + 1;
  }
  return parts.map((part, index) => ({
    ...part,
    first: index === 0,
    whole: parts.length === 1,
  }));
};

const isPlaceLike = (text: string): boolean =>
  /^[\p{L}][\p{L}\s'’.()/-]*$/u.test(text) && text.split(/\s+/).length <= 5;

/**
 * The name groups of a segment that is only a name: the whole message, or the first segment
 * with at least two capitalised words ("Juan Pérez García, DNI …").
 */
const nameGroupsOf = (segment: Segment): string[] | null => {
  const run = readName(segment.text, 0);
  const rest = segment.text.slice(run.end).trim();
  if (run.groups.length === 0 || rest) return null;
  if (segment.whole) return run.groups;
  return segment.first && run.groups.length >= 2 && /^\p{Lu}/u.test(segment.text)
    ? run.groups
    : null;
};

/** Street lines, with their continuation segments ("Calle Mayor 5", "2º B"). */
const readStreet = (segments: Segment[], index: number): string | null => {
  const segment = segments[index];
  if (!segment || !STREET_START.test(segment.text) || !/\d|s\/n/i.test(segment.text)) return null;
  let address = segment.text;
  for (const next of segments.slice(index + 1)) {
    if (!ADDRESS_CONTINUATION.test(next.text)) break;
    address = `${address}, ${next.text}`;
    next.text = '';
  }
  return address;
};

/** Unlabelled address lines and names: "Juan Pérez García, Calle Mayor 5, Getafe, Madrid". */
const readPersonalSegments = (c: Collector): void => {
  const segments = segmentsOf(c.masked);
  segments.forEach((segment, index) => {
    const afterStreet = c.addressEnd !== null && segment.start >= c.addressEnd;
    const street = readStreet(segments, index);
    if (street) {
      c.propose('domicilio_calle', street);
      c.addressEnd ??= segment.start + segment.text.length;
      return;
    }
    const { text } = segment;
    if (!text || !isPlaceLike(text)) return;
    if (canonicalProvince(text, false)) {
      // "Calle Mayor 5, Madrid": the last place after a street is its town.
      const town = afterStreet && segments.length - index === 1;
      if (c.pending('domicilio_provincia') && !(town && c.pending('domicilio_localidad'))) {
        c.propose('domicilio_provincia', text);
      } else if (c.pending('domicilio_localidad')) {
        c.propose('domicilio_localidad', text);
      }
      return;
    }
    if ((c.pending('nombre') || c.pending('apellidos')) && !afterStreet) {
      const groups = nameGroupsOf(segment);
      if (groups) {
        // Asked only for the surnames, the whole answer is the surnames.
        if (c.pending('nombre')) c.proposeName(groups, false);
        else c.propose('apellidos', groups.join(' '));
        return;
      }
    }
    if (afterStreet && c.pending('domicilio_localidad')) c.propose('domicilio_localidad', text);
  });
};

/** An industrial-registry number as workshops write it ("28/12345", "RII 08/123456"). */
const REGISTRY_SHAPE = /(?<![\d/])\d{1,2}\s?\/\s?\d{3,7}(?![\d/])/;

const readWorkshopSegments = (c: Collector): void => {
  if (c.pending('taller_registro_industrial')) {
    const registry = REGISTRY_SHAPE.exec(c.masked);
    if (registry) {
      c.propose('taller_registro_industrial', registry[0].replace(/\s/g, ''));
      c.consume(registry.index, registry.index + registry[0].length);
    }
  }
  const segments = segmentsOf(c.masked);
  segments.forEach((segment, index) => {
    const afterStreet = c.addressEnd !== null && segment.start >= c.addressEnd;
    const street = readStreet(segments, index);
    if (street) {
      c.propose('taller_domicilio', street);
      c.addressEnd ??= segment.start + segment.text.length;
      return;
    }
    const { text } = segment;
    if (!text) return;
    if (isPlaceLike(text) && canonicalProvince(text, false)) {
      const town = afterStreet && segments.length - index === 1;
      if (c.pending('taller_provincia') && !(town && c.pending('taller_ciudad'))) {
        c.propose('taller_provincia', text);
      } else if (c.pending('taller_ciudad')) {
        c.propose('taller_ciudad', text);
      }
      return;
    }
    if (afterStreet && isPlaceLike(text) && c.pending('taller_ciudad')) {
      c.propose('taller_ciudad', text);
      return;
    }
    if (segment.first && !afterStreet && c.pending('taller_nombre') && /\p{Lu}/u.test(text)) {
      c.propose('taller_nombre', text);
      return;
    }
    const groups = nameGroupsOf({ ...segment, first: true });
    if (groups && groups.length >= 2 && c.pending('taller_responsable')) {
      c.propose('taller_responsable', groups.join(' '));
      return;
    }
    // The asked list ends with the activity: a list answer's last plain words are it.
    const last = index === segments.length - 1 && segments.length >= 3;
    if (last && afterStreet && isPlaceLike(text) && c.pending('taller_actividad')) {
      c.propose('taller_actividad', text);
    }
  });
};

const VEHICLE_LEAD = new Set([
  ...LEAD_FILLERS,
  'un',
  'una',
  'el',
  'la',
  'mi',
  'moto',
  'coche',
  'furgoneta',
  'vehiculo',
  'autocaravana',
  'tengo',
  'de',
  'marca',
]);

/** "Yamaha MT-07" → marca Yamaha, modelo MT-07 (known brands only). */
const readVehicleSegments = (c: Collector): void => {
  if (!c.pending('marca')) return;
  for (const segment of segmentsOf(c.masked)) {
    const text = stripLeading(segment.text, VEHICLE_LEAD);
    const list = words(text);
    const found = leadingBrand(list.map((w) => w.word));
    if (!found) continue;
    c.propose('marca', found.brand);
    const model = stripTrailing(text.slice(list[found.words - 1]?.end ?? text.length));
    if (model && c.pending('modelo') && !NON_ANSWER.test(foldText(model)))
      c.propose('modelo', model);
    return;
  }
};

/** With one field asked, the rest of the message is the answer to it. */
const readWholeAnswer = (c: Collector): void => {
  if (c.expected.length !== 1 || /[?¿]/.test(c.raw)) return;
  const field = c.expected[0];
  if (c.candidates.has(field) || fieldDef(field).section !== c.section) return;
  let value = stripTrailing(stripLeading(c.masked.replace(/\s+/g, ' '), LEAD_FILLERS));
  if (!NAME_TARGETS.has(field)) value = stripTrailing(stripLeading(value, LEAD_ARTICLES));
  const folded = foldText(value);
  if (!folded) return;
  if (NON_ANSWER.test(folded) && field !== 'bastidor') return;
  c.propose(field, value);
};

/**
 * The personal, vehicle or workshop data in one customer message: labelled values ("matrícula:
 * 1234BCD", "mi dni es…"), unmistakable shapes (e-mail, DNI/NIE/CIF, plates, postcode, year,
 * VIN, phone), names ("me llamo…"), address lines, "brand model", and — when exactly one field is
 * asked — the rest of the message as its answer. Values of another section's fields are ignored.
 */
export function extractCaseFields(
  text: string,
  section: CaseSection,
  expected: readonly CaseFieldKey[],
  now: Date,
): Extraction {
  const c = new Collector(text, section, expected);
  readLabels(c);
  readShapes(c);
  if (section === 'personal') readPersonalSegments(c);
  if (section === 'workshop') readWorkshopSegments(c);
  if (section === 'vehicle') readVehicleSegments(c);
  readWholeAnswer(c);

  const values: Extraction['values'] = {};
  const errors: Extraction['errors'] = {};
  for (const [field, raw] of c.candidates) {
    const check = validateCaseField(field, raw, now);
    if (check.ok) values[field] = check.value;
    else if (!c.weak.has(field)) errors[field] = check.error;
  }
  return { values, errors };
}
