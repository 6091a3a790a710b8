import { AgentTurnInput, TurnCatalogue } from '../contract';
import { foldText, QuoteEngine } from '../../catalogue';

export type Category = TurnCatalogue['categories'][number];
type VehicleKind = 'moto' | 'caravan';

const VEHICLE_WORDS: Record<VehicleKind, readonly string[]> = {
  moto: ['moto', 'motos', 'motocicleta', 'motocicletas', 'scooter', 'scooters', 'ciclomotor'],
  caravan: [
    'autocaravana',
    'autocaravanas',
    'camper',
    'campers',
    'caravana',
    'caravanas',
    'furgo',
    'furgoneta',
    'furgoneta camper',
    'autocaravan',
  ],
};

/** Words naming the vehicle, not a reform: removed before element matching ("moto" ≠ portamotos). */
export const VEHICLE_WORD_PATTERN = new RegExp(
  `\\b(${[...VEHICLE_WORDS.moto, ...VEHICLE_WORDS.caravan, 'vehiculo', 'coche'].join('|')})\\b`,
  'g',
);

const kindCache = new WeakMap<QuoteEngine, VehicleKind | null>();

/** The kind of vehicle a category covers, from its slug, name and description (cached). */
const kindOf = (category: Category): VehicleKind | null => {
  const cached = kindCache.get(category.engine);
  if (cached !== undefined) return cached;
  const text = foldText(
    `${category.slug} ${category.name} ${category.engine.snapshot.category.description ?? ''}`,
  );
  const kind: VehicleKind | null = /caravan|camper/.test(text)
    ? 'caravan'
    : /moto/.test(text)
      ? 'moto'
      : null;
  kindCache.set(category.engine, kind);
  return kind;
};

/** Vehicle kind named in a folded text, if exactly one. */
export const vehicleKindIn = (folded: string): VehicleKind | null => {
  const words = ` ${folded} `;
  const has = (kind: VehicleKind): boolean =>
    VEHICLE_WORDS[kind].some((word) => words.includes(` ${word} `));
  const moto = has('moto');
  const caravan = has('caravan');
  return moto === caravan ? null : moto ? 'moto' : 'caravan';
};

/** Categories offered to this customer: those of their client type, else all. */
export const offeredCategories = (input: AgentTurnInput): readonly Category[] => {
  const all = input.catalogue.categories;
  const own = all.filter((category) => category.clientType === input.customer.clientType);
  return own.length > 0 ? own : all;
};

export const categoryBySlug = (
  input: AgentTurnInput,
  slug: string | null | undefined,
): Category | null =>
  slug ? (input.catalogue.categories.find((category) => category.slug === slug) ?? null) : null;

/** Offered categories whose vehicle kind the text names (by kind words or the category name). */
export const categoriesNamedIn = (folded: string, offered: readonly Category[]): Category[] => {
  const kind = vehicleKindIn(folded);
  const byKind = kind ? offered.filter((category) => kindOf(category) === kind) : [];
  if (byKind.length > 0) return byKind;
  return offered.filter((category) => {
    const name = foldText(category.name).split(' ')[0] ?? '';
    return name.length >= 4 && ` ${folded} `.includes(` ${name}`);
  });
};

/** A text naming a vehicle kind that no offered category covers ("autocaravana" for a particular). */
export const namesUnofferedVehicle = (folded: string, offered: readonly Category[]): boolean => {
  const kind = vehicleKindIn(folded);
  return kind !== null && !offered.some((category) => kindOf(category) === kind);
};

/** Strength of what a category's matcher recognises in a text (elements and open questions). */
export const matchStrength = (category: Category, text: string): number => {
  const match = category.engine.match(text);
  return (
    match.elements.reduce((sum, element) => sum + element.score, 0) +
    match.variantQuestions.length * 0.8 +
    match.ambiguities.length * 0.5
  );
};

/** The certificate service of the partner workshop (code `cert_taller…`), if the category has one. */
export const workshopCertificate = (
  engine: QuoteEngine,
): { name: string; price: number; description: string | null } | null => {
  const service = engine.snapshot.additionalServices.find(
    (candidate) => candidate.isActive && candidate.code.startsWith('cert_taller'),
  );
  return service
    ? { name: service.name, price: service.price, description: service.description }
    : null;
};

export const urgentService = (engine: QuoteEngine): { name: string; price: number } | null => {
  const service = engine.snapshot.additionalServices.find(
    (candidate) => candidate.isActive && candidate.code.startsWith('urgen'),
  );
  return service ? { name: service.name, price: service.price } : null;
};
