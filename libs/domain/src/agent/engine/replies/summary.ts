import { categoryBySlug } from '../catalogue';
import { TurnContext } from '../context';
import { bullets, plural, priceText } from './format';
import { summaryLines } from './sections';

export const REVIEW_QUESTION =
  '¿Está todo correcto? Puedes decir qué quieres cambiar (datos personales, vehículo, taller, documentación, o las fotos y datos de una reforma).';

const elementNames = (ctx: TurnContext): string[] => {
  const progress = ctx.state.progress;
  const category = categoryBySlug(ctx.input, progress?.categorySlug);
  return (progress?.elementCodes ?? []).map(
    (code) => category?.engine.index.byCode.get(code)?.name ?? code,
  );
};

const shown = (value: string | number | boolean): string =>
  typeof value === 'boolean' ? (value ? 'sí' : 'no') : String(value);

/** Each reform with the data collected for it ("Escape: marca y modelo Akrapovic, …"). */
const elementLines = (ctx: TurnContext): string[] => {
  const progress = ctx.state.progress;
  const category = categoryBySlug(ctx.input, progress?.categorySlug);
  return (progress?.elementCodes ?? []).map((code) => {
    const element = category?.engine.index.byCode.get(code);
    const values = progress?.fieldValues[code] ?? {};
    const data = (element?.source.requiredFields ?? [])
      .filter(
        (field) =>
          field.isActive && values[field.fieldKey] !== null && values[field.fieldKey] !== undefined,
      )
      .map((field) => {
        const value = values[field.fieldKey];
        const label = field.fieldLabel.replace(/^¿|\?$/g, '').trim();
        return `${label}: ${value === null || value === undefined ? '' : shown(value)}`;
      });
    const name = element?.name ?? code;
    return data.length > 0 ? `${name} (${data.join('; ')})` : name;
  });
};

const workshopLines = (ctx: TurnContext): string[] => {
  const progress = ctx.state.progress;
  if (!progress || progress.tallerPropio === null) return ['(sin elegir)'];
  if (!progress.tallerPropio) return ['Certificado de nuestro taller concertado'];
  return ['Taller propio', ...summaryLines('workshop', progress.workshop)];
};

/** What the customer checks before sending the case to review. */
export const customerSummary = (
  ctx: TurnContext,
  photos: readonly { name: string; count: number }[],
  baseDocs: number,
): string => {
  const progress = ctx.state.progress;
  const quote = ctx.state.quote;
  const parts = [
    '📋 *Resumen de tu expediente*',
    `*Reformas:*\n${bullets(elementLines(ctx))}\nPrecio: ${priceText(quote?.price ?? null)}`,
    `*Tus datos:*\n${bullets(summaryLines('personal', progress?.personal ?? {}))}`,
    `*Vehículo:*\n${bullets(summaryLines('vehicle', progress?.vehicle ?? {}))}`,
    `*Taller:*\n${bullets(workshopLines(ctx))}`,
    `*Fotos:*\n${bullets([
      ...photos.map((p) => `${p.name}: ${plural(p.count, 'foto', 'fotos')}`),
      `Documentación: ${plural(baseDocs, 'foto', 'fotos')}`,
    ])}`,
    REVIEW_QUESTION,
  ];
  return parts.join('\n\n');
};

/** Private note for staff when the case is sent to review. */
export const staffNote = (ctx: TurnContext): string => {
  const progress = ctx.state.progress;
  const quote = ctx.state.quote;
  const lines = [
    `Expediente ${ctx.state.caseId ?? ''} enviado a revisión por el asistente.`,
    `Categoría: ${categoryBySlug(ctx.input, progress?.categorySlug)?.name ?? progress?.categorySlug ?? '-'}`,
    `Reformas: ${elementNames(ctx).join(', ')}`,
    `Tarifa: ${quote?.tier ? `${quote.tier.code} ${quote.tier.name}` : '-'} · ${quote?.price ?? 'consultar'} EUR +IVA`,
    `Cliente: ${summaryLines('personal', progress?.personal ?? {}).join(' · ')}`,
    `Vehículo: ${summaryLines('vehicle', progress?.vehicle ?? {}).join(' · ')}`,
    `Taller: ${workshopLines(ctx).join(' · ')}`,
  ];
  return lines.join('\n');
};
