import { detectHeading, findPointNumbers, Heading, leadingPointNumber } from './points';

/** Text of one PDF page (1-based page number). */
export interface PageText {
  page: number;
  text: string;
}

export type ChunkType = 'content' | 'table';

/** A chunk ready to be stored: content plus where it sits in the document. */
export interface ChunkDraft {
  chunk_index: number;
  content: string;
  page_numbers: number[];
  /** The heading the chunk sits under ("6.2.1 Luces de cruce"). */
  section_title: string | null;
  /** The chunk's own point or article ("6.2.1", "Artículo 12"), else its nearest ancestor's. */
  article_number: string | null;
  /** Headings from the outermost to the chunk's own. */
  heading_hierarchy: string[];
  /** Every numbered point the chunk is about or mentions. */
  point_numbers: string[];
  chunk_type: ChunkType;
  char_count: number;
}

export interface ChunkingOptions {
  /** Target upper bound of a chunk's length in characters. */
  maxChars: number;
  /** Characters of the previous chunk repeated at the start of a split-off continuation. */
  overlapChars: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 1200, overlapChars: 150 };

interface Line {
  text: string;
  page: number;
  tabular: boolean;
}

interface OpenChunk {
  lines: Line[];
  bodyChars: number;
  ownNumber: string | null;
  stack: Heading[];
}

// pdf text puts wide gaps (tabs or runs of spaces) between the cells of a table row.
const TABULAR = /\S(?:\t| {3,})\S.*(?:\t| {3,})\S/;

// A full stop ends a sentence only before a space: "6.2.1" and "1.200" stay whole.
const splitSentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?;])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);

/** Tail of a text of about `chars` characters, starting at a word boundary. */
const tail = (text: string, chars: number): string => {
  if (chars <= 0 || text.length <= chars) return chars <= 0 ? '' : text;
  const cut = text.slice(text.length - chars);
  const space = cut.indexOf(' ');
  return space >= 0 ? cut.slice(space + 1) : cut;
};

/**
 * Splits page texts into chunks that follow the document's structure: a heading (numbered point,
 * article, chapter, annex) starts a new chunk and stays at its top, so every chunk knows its
 * section, point number and page numbers; long sections are cut at sentence boundaries with a
 * small overlap; headings with no text of their own are carried into the next chunk.
 */
export function chunkPages(
  pages: readonly PageText[],
  options: ChunkingOptions = DEFAULT_CHUNKING,
): ChunkDraft[] {
  const maxChars = Math.max(200, options.maxChars);
  const overlap = Math.max(0, Math.min(options.overlapChars, Math.floor(maxChars / 3)));
  const chunks: ChunkDraft[] = [];
  let stack: Heading[] = [];
  let open: OpenChunk = { lines: [], bodyChars: 0, ownNumber: null, stack: [] };

  const emit = (chunk: OpenChunk): void => {
    if (chunk.bodyChars === 0) return;
    const content = chunk.lines.map((line) => line.text).join('\n');
    const pagesOf = [...new Set(chunk.lines.map((line) => line.page))].sort((a, b) => a - b);
    const deepest = chunk.stack[chunk.stack.length - 1];
    const nearestNumber =
      chunk.ownNumber ??
      [...chunk.stack].reverse().find((heading) => heading.number !== null)?.number ??
      null;
    const points = new Set<string>();
    if (chunk.ownNumber && /\d\.\d/.test(chunk.ownNumber)) points.add(chunk.ownNumber);
    findPointNumbers(content).forEach((point) => points.add(point));
    const tabularLines = chunk.lines.filter((line) => line.tabular).length;
    chunks.push({
      chunk_index: chunks.length,
      content,
      page_numbers: pagesOf,
      section_title: deepest ? deepest.text.slice(0, 500) : null,
      article_number: nearestNumber ? nearestNumber.slice(0, 50) : null,
      heading_hierarchy: chunk.stack.map((heading) => heading.text),
      point_numbers: [...points],
      chunk_type: tabularLines >= 3 && tabularLines * 2 >= chunk.lines.length ? 'table' : 'content',
      char_count: content.length,
    });
  };

  const startAfter = (previous: OpenChunk): OpenChunk => {
    const carried = tail(previous.lines.map((line) => line.text).join(' '), overlap);
    const last = previous.lines[previous.lines.length - 1];
    return {
      lines: carried && last ? [{ text: carried, page: last.page, tabular: false }] : [],
      bodyChars: 0,
      ownNumber: previous.ownNumber,
      stack: previous.stack,
    };
  };

  const addBody = (line: Line): void => {
    open.lines.push(line);
    open.bodyChars += line.text.length;
  };

  for (const page of pages) {
    const rawLines = page.text.replace(/\r\n?/g, '\n').split('\n');
    for (const raw of rawLines) {
      const text = raw.replace(/[\t ]+/g, ' ').trim();
      if (!text) continue;
      const line: Line = { text, page: page.page, tabular: TABULAR.test(raw) };
      const heading = line.tabular ? null : detectHeading(text);
      if (heading) {
        if (open.bodyChars > 0) {
          emit(open);
          open = { lines: [], bodyChars: 0, ownNumber: null, stack: [] };
        }
        stack = [...stack.filter((h) => h.level < heading.level), heading];
        open.lines.push(line);
        open.ownNumber = heading.number;
        open.stack = stack;
        continue;
      }
      if (open.lines.length === 0) open.stack = stack;
      // A numbered paragraph starts a new chunk once the current one has some body.
      const numbered = leadingPointNumber(text);
      if (numbered && open.bodyChars >= maxChars / 3) {
        emit(open);
        open = { lines: [], bodyChars: 0, ownNumber: numbered, stack };
      } else if (numbered && open.bodyChars === 0 && open.ownNumber === null) {
        open.ownNumber = numbered;
      }
      const pieces = text.length > maxChars ? splitSentences(text) : [text];
      for (const piece of pieces) {
        const current = open.lines.reduce((sum, l) => sum + l.text.length + 1, 0);
        if (open.bodyChars > 0 && current + piece.length > maxChars) {
          emit(open);
          open = startAfter(open);
        }
        // A single sentence longer than a chunk is cut hard.
        for (let start = 0; start < piece.length; start += maxChars) {
          if (start > 0) {
            emit(open);
            open = startAfter(open);
          }
          addBody({ ...line, text: piece.slice(start, start + maxChars) });
        }
      }
    }
  }
  emit(open);
  return chunks;
}
