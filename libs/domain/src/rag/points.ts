/**
 * Numbered points ("6.2.1"), articles ("Artículo 12") and other structural headings of
 * regulatory texts.
 */

/** A numbered point with at least two levels: 6.2, 6.2.1, 5.10.3.2 (not a decimal like 0,5). */
const POINT = /(?<![\d.,])(\d{1,3}(?:\.\d{1,3}){1,5})(?![\d,]|\.\d)/g;

/** Distinct numbered points mentioned in a text, in order of appearance. */
export function findPointNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(POINT)) found.add(match[1]);
  return [...found];
}

export type HeadingKind = 'point' | 'article' | 'chapter' | 'annex' | 'section' | 'markdown';

export interface Heading {
  kind: HeadingKind;
  /** Depth in the document's outline: 1 for chapters/annexes, points by their number of levels. */
  level: number;
  /** "6.2.1", "Artículo 12", "Anexo II"… */
  number: string | null;
  /** The whole heading line, tidied. */
  text: string;
}

const MAX_HEADING_LENGTH = 160;

/** "6.2.1 Luces de cruce", "6.2.1. Luces…", "6.2.1.- Luces…" (title starts with a letter). */
const POINT_HEADING = /^(\d{1,3}(?:\.\d{1,3}){0,5})\.?-?\s+([A-ZÁÉÍÓÚÑa-záéíóúñ¿(«"].*)$/;
const ARTICLE_HEADING = /^(art[íi]culo|art\.)\s+(\d+[a-z]?(?:\s?bis)?)\b\.?(.*)$/i;
const CHAPTER_HEADING = /^(cap[íi]tulo|t[íi]tulo)\s+([0-9]+|[IVXLC]+)\b(.*)$/i;
const ANNEX_HEADING = /^(anexo|ap[ée]ndice)\s+([0-9]+|[IVXLC]+|[A-Z])\b(.*)$/i;
const SECTION_HEADING = /^(secci[óo]n)\s+([0-9]+|[IVXLC]+)\b(.*)$/i;
const MARKDOWN_HEADING = /^(#{1,6})\s+(.+)$/;

const capitalise = (word: string): string =>
  word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/**
 * Reads a line as a heading, or null. A numbered line counts as a heading only when it is short
 * and its text does not run on like a sentence (a numbered list item ending in a full stop
 * after a long text is content, but still carries its number as the chunk's point).
 */
export function detectHeading(line: string): Heading | null {
  const text = line.trim();
  if (text.length === 0 || text.length > MAX_HEADING_LENGTH) return null;
  const markdown = MARKDOWN_HEADING.exec(text);
  if (markdown) {
    return { kind: 'markdown', level: markdown[1].length, number: null, text: markdown[2].trim() };
  }
  const article = ARTICLE_HEADING.exec(text);
  if (article) {
    return { kind: 'article', level: 2, number: `Artículo ${article[2]}`, text };
  }
  for (const [pattern, kind] of [
    [CHAPTER_HEADING, 'chapter'],
    [ANNEX_HEADING, 'annex'],
    [SECTION_HEADING, 'section'],
  ] as const) {
    const match = pattern.exec(text);
    if (match) return { kind, level: 1, number: `${capitalise(match[1])} ${match[2]}`, text };
  }
  const point = POINT_HEADING.exec(text);
  if (point) {
    const title = point[2];
    const levels = point[1].split('.').length;
    // A single number ("3 Requisitos") is a heading only if written in capitals or short.
    if (levels === 1 && title.length > 60) return null;
    // Sentence-like lines (several sentences) are numbered paragraphs, not headings.
    if (/[.;:]\s+\S/.test(title) && title.length > 80) return null;
    return { kind: 'point', level: levels, number: point[1], text };
  }
  return null;
}

/** The numbered point a line starts with, heading or not ("6.2.1. Las luces deberán…"). */
export function leadingPointNumber(line: string): string | null {
  const match = /^(\d{1,3}(?:\.\d{1,3}){1,5})\.?\s/.exec(line.trim());
  return match ? match[1] : null;
}
