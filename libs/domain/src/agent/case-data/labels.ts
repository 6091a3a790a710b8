import { CASE_FIELDS, CaseFieldKey, CaseSection } from './fields';

/**
 * Where customers name a field in free text ("mi dni es…", "matrícula: …", "me llamo…"): label
 * phrases found on the folded text, mapped back to the raw text so values keep their case.
 */

/** Folded text with the same length as the folding of each raw character, and the way back. */
export interface AlignedText {
  raw: string;
  /** Lower case, accents stripped, anything but [a-z0-9] as a space (never collapsed). */
  folded: string;
  /** `map[i]` = raw index of folded character i; `map[folded.length]` = raw.length. */
  map: number[];
}

export function alignFold(raw: string): AlignedText {
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const plain = (raw[i] ?? '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    for (const ch of plain) {
      folded += /[a-z0-9]/.test(ch) ? ch : ' ';
      map.push(i);
    }
  }
  map.push(raw.length);
  return { raw, folded, map };
}

/** Aligned folding with e-mail addresses blanked: "dni.juan@mail.com" holds no labels. */
export function alignForLabels(raw: string): AlignedText {
  return alignFold(raw.replace(/\S+@\S+/g, (address) => ' '.repeat(address.length)));
}

/** A label target: a field, or a full name to split into nombre + apellidos. */
export type LabelTarget = CaseFieldKey | 'fullname';

interface LabelPhrase {
  phrase: string;
  target: LabelTarget;
  /**
   * The label word is part of the value unless followed by ":" or "es" ("Calle Mayor 5",
   * "ITV Alcobendas", "Taller Pérez"); then it needs a capitalised word or a digit after it.
   */
  keepLabel?: boolean;
  /** Weak cue ("soy"): never produces an error when nothing name-like follows. */
  weak?: boolean;
}

const STREET_TYPES = [
  'calle',
  'avenida',
  'avda',
  'plaza',
  'paseo',
  'camino',
  'carretera',
  'ctra',
  'ronda',
  'travesia',
  'urbanizacion',
  'pasaje',
  'rambla',
  'carrer',
  'glorieta',
  'poligono',
  'partida',
];

const KEEP_LABEL = new Set(['calle', 'itv', 'taller']);

const PHRASES: readonly LabelPhrase[] = [
  ...CASE_FIELDS.flatMap((def) =>
    def.synonyms.map((phrase): LabelPhrase => ({
      phrase,
      target: def.key,
      keepLabel: KEEP_LABEL.has(phrase),
    })),
  ),
  ...STREET_TYPES.filter((type) => type !== 'calle').map((phrase): LabelPhrase => ({
    phrase,
    target: 'domicilio_calle',
    keepLabel: true,
  })),
  { phrase: 'me llamo', target: 'fullname' },
  { phrase: 'mi nombre es', target: 'fullname' },
  { phrase: 'nombre y apellidos', target: 'fullname' },
  { phrase: 'nombre y apellido', target: 'fullname' },
  { phrase: 'nombre completo', target: 'fullname' },
  { phrase: 'soy', target: 'fullname', weak: true },
  { phrase: 'vivo en', target: 'domicilio_localidad', weak: true },
  { phrase: 'telefono de contacto', target: 'taller_telefono' },
  { phrase: 'el taller se llama', target: 'taller_nombre' },
  { phrase: 'el responsable se llama', target: 'taller_responsable' },
];

const PHRASE_PATTERNS = PHRASES.map((entry) => ({
  entry,
  pattern: new RegExp(`(?<![a-z0-9])${entry.phrase.replace(/ /g, ' +')}(?![a-z0-9])`, 'g'),
}));

export interface LabelHit {
  /** Folded (and raw, via `map`) span of the label phrase. */
  start: number;
  end: number;
  target: LabelTarget;
  phrase: string;
  keepLabel: boolean;
  weak: boolean;
}

/** Label phrases in the text, longest first when they overlap, in text order. */
export function findLabels(text: AlignedText): LabelHit[] {
  const all: LabelHit[] = [];
  for (const { entry, pattern } of PHRASE_PATTERNS) {
    for (const match of text.folded.matchAll(pattern)) {
      all.push({
        start: match.index,
        end: match.index + match[0].length,
        target: entry.target,
        phrase: entry.phrase,
        keepLabel: entry.keepLabel ?? false,
        weak: entry.weak ?? false,
      });
    }
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: LabelHit[] = [];
  for (const hit of all) {
    if (kept.every((other) => hit.end <= other.start || hit.start >= other.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The same datum asked in the workshop section ("dirección" of the workshop is its address). */
const WORKSHOP_COUNTERPART: Partial<Record<LabelTarget, CaseFieldKey>> = {
  domicilio_calle: 'taller_domicilio',
  domicilio_localidad: 'taller_ciudad',
  domicilio_provincia: 'taller_provincia',
  nombre: 'taller_nombre',
  fullname: 'taller_responsable',
};

/** The field a label names while collecting `section`, or null for a name cue elsewhere. */
export function resolveLabel(target: LabelTarget, section: CaseSection | null): CaseFieldKey {
  if (section === 'workshop') {
    const counterpart = WORKSHOP_COUNTERPART[target];
    if (counterpart) return counterpart;
  }
  return target === 'fullname' ? 'nombre' : target;
}

/**
 * The case field a text names ("cambia la matrícula" → matricula, "el teléfono del taller" →
 * taller_telefono, "me llamo…" → nombre), or null. The first label in the text wins; a plain
 * "taller" only when nothing more specific is named; generic address words refer to the
 * workshop when the text mentions it.
 */
export function findFieldBySynonym(text: string): CaseFieldKey | null {
  const aligned = alignForLabels(text);
  const hits = findLabels(aligned).filter((hit) => !hit.weak);
  if (hits.length === 0) return null;
  const specific = hits.filter((hit) => hit.phrase !== 'taller');
  const first = specific[0] ?? hits[0];
  if (first.target === 'fullname') return 'nombre';
  const mentionsWorkshop = /(?<![a-z0-9])taller(es)?(?![a-z0-9])/.test(aligned.folded);
  return resolveLabel(first.target, mentionsWorkshop ? 'workshop' : null);
}

const VALUE_GLUE =
  /^(?:[\s:=>\-–—.,]|(?:(?:del|de la|de mi|de el|de)\s+(?:coche|veh[ií]culo|moto|furgoneta|autocaravana|taller|titular)|no es .+?,? es|es|son|era|ser[ií]a|ser[aá]|se llama|a|por|correct[oa] es|buen[oa] es)(?![\p{L}\p{N}]))+/iu;

/**
 * The first field a text names and the value written after it ("me equivoqué, la matrícula es
 * 1234 BBC" → matricula, "1234 BBC"); value null when nothing follows the label.
 */
export function findLabelledValue(
  text: string,
): { field: CaseFieldKey; value: string | null } | null {
  const field = findFieldBySynonym(text);
  if (!field) return null;
  const aligned = alignForLabels(text);
  const hits = findLabels(aligned).filter((hit) => !hit.weak);
  const hit = hits.find((candidate) => {
    const resolved = resolveLabel(
      candidate.target,
      field.startsWith('taller_') ? 'workshop' : null,
    );
    return resolved === field || (candidate.target === 'fullname' && field === 'nombre');
  });
  if (!hit) return { field, value: null };
  const next = hits[hits.indexOf(hit) + 1];
  const from = aligned.map[hit.end] ?? text.length;
  const limit = next ? (aligned.map[next.start] ?? text.length) : text.length;
  let value = text.slice(from, limit);
  value = value.slice(VALUE_GLUE.exec(value)?.[0].length ?? 0);
  const address = field === 'domicilio_calle' || field === 'taller_domicilio';
  value = (value.split(address ? /[\n;?!]/ : /[\n;?!,]/)[0] ?? '').replace(/[\s,.;:]+$/, '').trim();
  return { field, value: value || null };
}
