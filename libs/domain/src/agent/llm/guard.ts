/**
 * Checks on a reply a language model phrased from the engine's reply. The engine's reply is
 * the truth: the phrased one may not state another price, promise images or documents the
 * engine is not sending, or break a response constraint the engine's own reply keeps.
 */
import { AgentReply } from '../../streams/chatwoot-contracts';
import { ResponseConstraintRule, violatedConstraints } from '../../ai/response-constraints';

export const MAX_PHRASED_CHARS = 3000;

const AMOUNT = String.raw`\d{1,3}(?:[.\s\u00a0]\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const AFTER = new RegExp(
  String.raw`(?<![\d.,])(${AMOUNT})\s*(?:€|eur(?:os?)?(?![a-z])|euros?)`,
  'giu',
);
const BEFORE = new RegExp(String.raw`(?:€|eur(?![a-z]))\s*(${AMOUNT})(?![\d])`, 'giu');

/** "1.234,50" / "1 234" / "410" / "410,00" / "410.5" → number. */
const toNumber = (raw: string): number | null => {
  let text = raw.replace(/[\s\u00a0]/g, '');
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$/.test(text)) text = text.replace(/\./g, '');
  text = text.replace(',', '.');
  const value = Number(text);
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
};

/** Every amount of money (€, EUR, euros) stated in a text, in cents-rounded euros. */
export const moneyAmounts = (text: string): number[] => {
  const amounts: number[] = [];
  for (const pattern of [AFTER, BEFORE]) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      const value = match[1] ? toNumber(match[1]) : null;
      if (value !== null) amounts.push(value);
    }
  }
  return amounts;
};

const PROMISE =
  /\b(?:te\s+|os\s+|le\s+)?(?:env[ií]o|envio|enviar[eé]?|mando|mandar[eé]?|adjunto|adjuntar[eé]?|paso|pasar[eé]|comparto|compartir[eé]|aqu[ií]\s+tienes)\b[^.!?\n]{0,50}?\b(?:fotos?|fotograf[ií]as?|im[aá]genes|imagen|ejemplos?|documentos?|documentaci[oó]n|pdf|archivos?|ficheros?|enlaces?|presupuesto\s+en\s+pdf)\b/iu;

export interface PhrasingCheck {
  phrased: string;
  engineReply: AgentReply;
  rules: readonly ResponseConstraintRule[];
  /** Tools the engine's turn amounts to. */
  toolsUsed: readonly string[];
}

export type PhrasingVerdict = { ok: true } | { ok: false; reasons: string[] };

/** Rejects a phrased reply that says more than the engine's, with the reasons (for a retry). */
export function checkPhrasedReply(check: PhrasingCheck): PhrasingVerdict {
  const reasons: string[] = [];
  const phrased = check.phrased.trim();
  if (!phrased) return { ok: false, reasons: ['la respuesta está vacía'] };
  if (phrased.length > MAX_PHRASED_CHARS) {
    reasons.push(`la respuesta es demasiado larga (máximo ${MAX_PHRASED_CHARS} caracteres)`);
  }
  const engineText = [check.engineReply.text, check.engineReply.follow_up ?? ''].join('\n');
  const allowed = new Set(moneyAmounts(engineText));
  const invented = [...new Set(moneyAmounts(phrased))].filter((amount) => !allowed.has(amount));
  if (invented.length > 0) {
    reasons.push(
      `menciona importes que el sistema no ha dado (${invented.join(', ')} €): usa solo los precios de los hechos`,
    );
  }
  const promises = PROMISE.test(phrased);
  if (promises && check.engineReply.images.length === 0 && !PROMISE.test(engineText)) {
    reasons.push('promete enviar imágenes o documentos que el sistema no envía en esta respuesta');
  }
  const engineBreaks = new Set(
    violatedConstraints(engineText, check.rules, check.toolsUsed).map((rule) => rule.id),
  );
  for (const rule of violatedConstraints(phrased, check.rules, check.toolsUsed)) {
    if (!engineBreaks.has(rule.id)) reasons.push(rule.errorInjection || rule.constraintType);
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true };
}
