import { QuoteEngine, QuoteResult } from '../../../catalogue';
import { workshopCertificate } from '../catalogue';
import { PendingVariantQuestion } from '../state';
import { bullets, euros, joinAnd, priceText } from './format';

const elementList = (quote: QuoteResult): string[] =>
  quote.elements.map((el) => (el.quantity > 1 ? `${el.name} (x${el.quantity})` : el.name));

/** Warnings to relay: general ones, then per element, without repeats. */
const warningLines = (quote: QuoteResult): string[] => {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const warning of [
    ...quote.warnings.general,
    ...quote.warnings.byElement.flatMap((group) => group.warnings),
  ]) {
    if (seen.has(warning.code)) continue;
    seen.add(warning.code);
    lines.push(`${warning.severity === 'info' ? 'ℹ️' : '⚠️'} ${warning.message}`);
  }
  return lines;
};

/** The quote: one tier price, what it covers, warnings, documentation and the certificate. */
export const quoteReply = (quote: QuoteResult, engine: QuoteEngine): string => {
  const parts: string[] = [];
  const names = elementList(quote);
  const tier = quote.tier ? ` (tarifa ${quote.tier.code}: ${quote.tier.name})` : '';
  parts.push(
    `Para legalizar ${joinAnd(names.map((n) => `*${n}*`))} el precio es ${priceText(quote.price)}${tier}.`,
  );
  parts.push(`Incluye la homologación de: ${joinAnd(names)}.`);
  const warnings = warningLines(quote);
  if (warnings.length > 0) parts.push(warnings.join('\n'));
  if (quote.documentation.base.length > 0) {
    parts.push(
      `Documentación necesaria:\n${bullets(quote.documentation.base.map((d) => d.description))}`,
    );
  }
  const cert = workshopCertificate(engine);
  parts.push(
    cert
      ? `El certificado del taller no está incluido (si no tienes taller, el de nuestro taller concertado cuesta ${euros(cert.price)}).`
      : 'El certificado del taller no está incluido.',
  );
  return parts.join('\n\n');
};

export const OFFER_QUESTION = '¿Quieres que abra el expediente?';

export const priceRepeat = (
  names: readonly string[],
  price: number | null,
  tierName: string | null,
): string =>
  `El presupuesto para ${joinAnd(names)} es ${priceText(price)}${tierName ? ` (${tierName})` : ''}. Es un único precio por todo el conjunto, no por elemento.`;

/** The catalogue's question hints (they already name the options). */
export const variantQuestionText = (questions: readonly PendingVariantQuestion[]): string =>
  questions.map((q) => q.question.trim()).join('\n');

export const unrecognisedTerms = (terms: readonly string[]): string =>
  `No he reconocido ${joinAnd(terms.map((t) => `«${t}»`))} entre las reformas que legalizamos. ¿Me lo describes con otras palabras?`;

export const nothingRecognised = (examples: readonly string[]): string =>
  `Cuéntame qué reforma quieres legalizar (por ejemplo: ${joinAnd(examples)}) y te doy el precio al momento.`;

export const askVehicle = (names: readonly string[]): string =>
  `¿Para qué tipo de vehículo es? Trabajo con: ${joinAnd(names)}.`;

export const unofferedVehicle = (names: readonly string[]): string =>
  `Por este chat te puedo presupuestar ${joinAnd(names)}. Para otro tipo de vehículo te atiende un compañero: escribe *agente* si quieres que te pase.`;

export const offerExplained = (price: number | null): string =>
  `Te explico: el presupuesto es ${priceText(price)}. Si abrimos el expediente te pediré las fotos de cada reforma, algunos datos técnicos, la documentación del vehículo y tus datos; después un técnico lo revisa y te confirma los siguientes pasos.`;

export const offerDeclined =
  'Sin problema 👍 Aquí me tienes si cambias de idea o quieres presupuestar otra reforma.';

export const quoteUnchanged = 'El presupuesto no cambia:';
