import { Worker } from 'node:worker_threads';
import { PageText } from '@app/domain';

/** A file that can never be indexed: the message is shown to staff as the document's error. */
export class DocumentRejectedError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DocumentRejectedError';
  }
}

export interface ExtractionLimits {
  maxPages: number;
  timeoutMs: number;
  maxHeapMb: number;
  maxTextChars: number;
}

export interface ExtractionResult {
  totalPages: number;
  pages: PageText[];
}

const PDF_MAGIC = Buffer.from('%PDF-');
// An encryption dictionary in the trailer or an xref stream: `/Encrypt 12 0 R` or `/Encrypt <<`.
const ENCRYPT_ENTRY = /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/;

/** Checks that need no parsing: magic number (in the first KiB, as readers allow) and encryption. */
export function precheckPdf(data: Buffer): void {
  const head = data.subarray(0, 1024);
  if (head.indexOf(PDF_MAGIC) < 0) {
    throw new DocumentRejectedError('El archivo no es un PDF (firma %PDF- ausente)');
  }
  if (ENCRYPT_ENTRY.test(data.toString('latin1'))) {
    throw new DocumentRejectedError(
      'El PDF está cifrado o protegido con contraseña; súbalo sin protección',
    );
  }
}

/**
 * Runs in a worker thread (plain CommonJS, so it works from ts-node and from the build): loads
 * the PDF with pdf-parse (pdf.js), refuses more than `maxPages`, and reads the text page range
 * by page range, reporting progress, until `maxTextChars`.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.library);
const reject = (message) => parentPort.postMessage({ kind: 'rejected', message });
(async () => {
  const parser = new PDFParse({ data: workerData.data, verbosity: 0, stopAtErrors: false });
  try {
    let total;
    try {
      total = (await parser.getInfo()).total;
    } catch (error) {
      const name = (error && error.name) || '';
      if (name === 'PasswordException') return reject('El PDF está protegido con contraseña');
      return reject('El PDF está dañado o no se puede leer (' + String(error && error.message).slice(0, 200) + ')');
    }
    if (!total) return reject('El PDF no tiene páginas');
    if (total > workerData.maxPages) {
      return reject('El PDF tiene ' + total + ' páginas; el máximo es ' + workerData.maxPages);
    }
    parentPort.postMessage({ kind: 'total', total });
    let chars = 0;
    const step = 10;
    for (let first = 1; first <= total; first += step) {
      const last = Math.min(total, first + step - 1);
      const result = await parser.getText({ first, last });
      const pages = result.pages.map((p) => ({ page: p.num, text: p.text || '' }));
      for (const p of pages) chars += p.text.length;
      if (chars > workerData.maxTextChars) {
        return reject('El PDF contiene demasiado texto (más de ' + workerData.maxTextChars + ' caracteres)');
      }
      parentPort.postMessage({ kind: 'pages', pages, done: last, total });
    }
    parentPort.postMessage({ kind: 'done' });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
})().catch((error) => reject('El PDF está dañado o no se puede leer (' + String(error && error.message).slice(0, 200) + ')'));
`;

type ThreadMessage =
  | { kind: 'rejected'; message: string }
  | { kind: 'total'; total: number }
  | { kind: 'pages'; pages: PageText[]; done: number; total: number }
  | { kind: 'done' };

/**
 * PDF text per page, extracted off the event loop in a worker thread with a heap cap and a
 * timeout, so a PDF bomb (huge page count, deep object graphs, endless content) costs one
 * thread for a bounded time and the process's other stream handlers keep flowing. One
 * extraction runs at a time per process.
 */
export class PdfTextExtractor {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly library = require.resolve('pdf-parse');

  public constructor(private readonly limits: ExtractionLimits) {}

  public extract(
    data: Buffer,
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<ExtractionResult> {
    precheckPdf(data);
    const run = this.queue.then(() => this.runThread(data, onProgress));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private runThread(
    data: Buffer,
    onProgress: (done: number, total: number) => void,
  ): Promise<ExtractionResult> {
    return new Promise((resolve, reject) => {
      const pages: PageText[] = [];
      let totalPages = 0;
      let settled = false;
      const worker = new Worker(THREAD_SOURCE, {
        eval: true,
        workerData: {
          library: this.library,
          // A copy: pdf.js takes ownership of the typed array it is given.
          data: new Uint8Array(data),
          maxPages: this.limits.maxPages,
          maxTextChars: this.limits.maxTextChars,
        },
        resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb },
        stdout: true,
        stderr: true,
      });
      const finish = (error: Error | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        if (error) reject(error);
        else resolve({ totalPages, pages });
      };
      const timer = setTimeout(
        () =>
          finish(
            new DocumentRejectedError(
              `La extracción de texto superó el tiempo máximo (${Math.round(this.limits.timeoutMs / 1000)} s)`,
            ),
          ),
        this.limits.timeoutMs,
      );
      worker.on('message', (message: ThreadMessage) => {
        switch (message.kind) {
          case 'rejected':
            finish(new DocumentRejectedError(message.message));
            break;
          case 'total':
            totalPages = message.total;
            break;
          case 'pages':
            pages.push(...message.pages);
            onProgress(message.done, message.total);
            break;
          case 'done':
            finish(null);
            break;
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        finish(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new DocumentRejectedError(
                'El PDF es demasiado complejo: la extracción superó el límite de memoria',
              )
            : error,
        );
      });
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`pdf extraction thread exited with code ${code}`));
      });
    });
  }
}
