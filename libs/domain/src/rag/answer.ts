import { detectHeading, findPointNumbers } from './points';
import { contentWords, foldForSearch, roughStem } from './text';

/** A retrieved passage as the answer step sees it. */
export interface AnswerPassage {
  document_title: string;
  document_number: string | null;
  article_number: string | null;
  section_title: string | null;
  page_numbers: readonly number[];
  content: string;
}

/** Said (and nothing else) when the documents do not support an answer. */
export const NOT_IN_DOCUMENTS = 'No consta en los documentos normativos disponibles.';

/** What the query is about, for retrieval and for trimming the answer. */
export interface QueryAnalysis {
  /** The query as typed, trimmed. */
  text: string;
  /** Lower case, no accents. */
  folded: string;
  /** Numbered points named in the query ("6.2.1"). */
  points: string[];
  /** Article numbers named in the query ("Artículo 12"). */
  articles: string[];
  /** Meaningful words (folded, no stop words). */
  words: string[];
}

export function analyseQuery(query: string): QueryAnalysis {
  const text = query.trim().replace(/\s+/g, ' ');
  const articles = [...text.matchAll(/\bart(?:[íi]culo|\.)\s*(\d+[a-z]?)/gi)].map(
    (match) => `Artículo ${match[1]}`,
  );
  return {
    text,
    folded: foldForSearch(text),
    points: findPointNumbers(text),
    articles: [...new Set(articles)],
    words: contentWords(text),
  };
}

/** `[Documento, punto X]`: the document's number (else title) and the point, article or page. */
export function formatCitation(passage: AnswerPassage): string {
  const document = (passage.document_number?.trim() || passage.document_title.trim()).replace(
    /[[\]]/g,
    '',
  );
  const point = passage.article_number?.trim();
  if (point) {
    return /^\d/.test(point) ? `[${document}, punto ${point}]` : `[${document}, ${point}]`;
  }
  const pages = passage.page_numbers;
  if (pages.length > 0) return `[${document}, pág. ${pages.join(', ')}]`;
  return `[${document}]`;
}

/** Sentences of a passage, heading lines left out (the citation names the point already). */
const splitSentences = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => detectHeading(line) === null)
    .join(' ')
    // A full stop ends a sentence only before a space: "6.2.1" and "1.200" stay whole.
    .split(/(?<=[.!?;])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);

/** How much a sentence is about the query: shared word stems, named points weigh double. */
function sentenceScore(sentence: string, analysis: QueryAnalysis): number {
  const stems = new Set(contentWords(sentence).map(roughStem));
  let score = 0;
  for (const word of analysis.words) if (stems.has(roughStem(word))) score += 1;
  const folded = foldForSearch(sentence);
  for (const point of analysis.points) if (folded.includes(point)) score += 2;
  return score;
}

export interface ExtractiveOptions {
  /** Upper bound on the answer's length in characters. */
  maxChars: number;
  /** Passages quoted at most. */
  maxPassages: number;
}

/**
 * Answer without a language model: from each of the best passages, the sentences that share
 * most with the question (in the passage's order, at most a few), each passage followed by its
 * citation. Passages sharing nothing with the question are left out; when none is left the
 * answer is NOT_IN_DOCUMENTS.
 */
export function buildExtractiveAnswer(
  query: string,
  passages: readonly AnswerPassage[],
  options: ExtractiveOptions = { maxChars: 1200, maxPassages: 3 },
): { answer: string; used: number[] } {
  const analysis = analyseQuery(query);
  const parts: string[] = [];
  const used: number[] = [];
  let length = 0;
  for (const [index, passage] of passages.entries()) {
    if (used.length >= options.maxPassages) break;
    const sentences = splitSentences(passage.content);
    const scored = sentences.map((sentence, position) => ({
      sentence,
      position,
      score:
        sentenceScore(sentence, analysis) +
        // A passage found by its point number answers with its opening sentences.
        (analysis.points.some((point) => passage.article_number === point) && position < 2 ? 1 : 0),
    }));
    const best = Math.max(0, ...scored.map((entry) => entry.score));
    if (best === 0) continue;
    const chosen = scored
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.position - b.position)
      .slice(0, 3)
      .sort((a, b) => a.position - b.position)
      .map((entry) => entry.sentence);
    let text = chosen.join(' ');
    const citation = formatCitation(passage);
    const room = options.maxChars - length - citation.length - 2;
    if (room < 60) break;
    if (text.length > room) text = `${text.slice(0, room - 1).replace(/\s+\S*$/, '')}…`;
    parts.push(`${text} ${citation}`);
    used.push(index);
    length += text.length + citation.length + 2;
  }
  return parts.length > 0
    ? { answer: parts.join('\n\n'), used }
    : { answer: NOT_IN_DOCUMENTS, used: [] };
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** The grounded-answer prompt: the passages, each with the citation the model must use. */
export function buildGroundedPrompt(
  query: string,
  passages: readonly AnswerPassage[],
): ChatMessage[] {
  const context = passages
    .map((passage, index) => {
      const header = [
        `Fragmento ${index + 1}`,
        `cita: ${formatCitation(passage)}`,
        passage.section_title ? `sección: ${passage.section_title}` : null,
        passage.page_numbers.length ? `páginas: ${passage.page_numbers.join(', ')}` : null,
      ]
        .filter(Boolean)
        .join(' | ');
      return `${header}\n${passage.content}`;
    })
    .join('\n\n---\n\n');
  return [
    {
      role: 'system',
      content:
        'Eres un asistente experto en normativa de homologación de vehículos. Responde en ' +
        'español usando exclusivamente los fragmentos proporcionados. Tras cada afirmación ' +
        'indica su fuente con la cita exacta del fragmento, en la forma [Documento, punto X]. ' +
        `Si los fragmentos no permiten responder, di exactamente: "${NOT_IN_DOCUMENTS}". ` +
        'No inventes requisitos, cifras ni puntos.',
    },
    { role: 'user', content: `Fragmentos:\n\n${context}\n\nPregunta: ${query}` },
  ];
}
