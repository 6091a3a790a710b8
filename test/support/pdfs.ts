import { PDFDocument, PDFFont, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

/** One page of a generated PDF: lines of text from the top, or an image only (a "scan"). */
export type PageSpec = { lines: string[]; table?: string[][] } | { image: true };

/**
 * Builds a real PDF with pdf-lib: text lines (headings, numbered points, paragraphs), tables
 * drawn cell by cell at column positions, and image-only pages (like a scan without OCR).
 */
export async function buildPdf(pages: PageSpec[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const spec of pages) {
    const page = doc.addPage([595, 842]);
    if ('image' in spec) {
      const png = await sharp({
        create: {
          width: 400,
          height: 500,
          channels: 3,
          background: '#fff',
          noise: { type: 'gaussian', mean: 200, sigma: 30 },
        },
      })
        .png()
        .toBuffer();
      const image = await doc.embedPng(png);
      page.drawImage(image, { x: 90, y: 200, width: 400, height: 500 });
      continue;
    }
    let y = 790;
    for (const line of spec.lines) {
      const heading =
        /^(\d+(\.\d+)*|Art[íi]culo \d+|Cap[íi]tulo \d+)\b/.test(line) && line.length < 80;
      y = drawWrapped(page, line, heading ? bold : font, heading ? 12 : 10, y);
      y -= 6;
    }
    for (const row of spec.table ?? []) {
      row.forEach((cell, column) => {
        page.drawText(cell, { x: 50 + column * 150, y, size: 10, font });
      });
      y -= 16;
    }
  }
  return Buffer.from(await doc.save());
}

function drawWrapped(
  page: ReturnType<PDFDocument['addPage']>,
  text: string,
  font: PDFFont,
  size: number,
  top: number,
): number {
  const words = text.split(' ');
  let line = '';
  let y = top;
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > 495 && line) {
      page.drawText(line, { x: 50, y, size, font });
      y -= size + 4;
      line = word;
    } else {
      line = next;
    }
  }
  if (line) {
    page.drawText(line, { x: 50, y, size, font });
    y -= size + 4;
  }
  return y;
}

/** A PDF with N empty pages (a page-count bomb for a low DOCUMENT_MAX_PAGES). */
export async function blankPages(count: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < count; i++) doc.addPage([200, 200]);
  return Buffer.from(await doc.save());
}

/**
 * A minimal hand-written PDF whose trailer names an encryption dictionary (pdf-lib cannot
 * encrypt): readers must refuse it without the password.
 */
export function encryptedPdf(): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n',
    '4 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <' +
      '00'.repeat(32) +
      '> /U <' +
      '00'.repeat(32) +
      '> /P -44 >>\nendobj\n',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += object;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body +=
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R ` +
    `/ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Starts like a PDF, then nothing a reader can parse. */
export const corruptPdf = (): Buffer =>
  Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41), Buffer.from('\n%%EOF\n')]);
