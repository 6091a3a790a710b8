import { stripMarkdownForWhatsApp } from './markdown';

describe('stripMarkdownForWhatsApp', () => {
  it('removes bold markers and turns headings into "Title:"', () => {
    expect(stripMarkdownForWhatsApp('## Presupuesto\nEl precio es **120 €** +IVA')).toBe(
      'Presupuesto:\nEl precio es 120 € +IVA',
    );
  });

  it('keeps a heading that already ends in punctuation', () => {
    expect(stripMarkdownForWhatsApp('# ¿Qué necesitas?')).toBe('¿Qué necesitas?');
  });

  it('drops horizontal rules and collapses blank lines', () => {
    expect(stripMarkdownForWhatsApp('uno\n\n---\n\n\n\ndos')).toBe('uno\n\ndos');
  });

  it('unwraps inline code and code fences', () => {
    expect(stripMarkdownForWhatsApp('usa `ABC`\n```txt\nlinea 1\nlinea 2\n```')).toBe(
      'usa ABC\nlinea 1\nlinea 2',
    );
  });

  it('normalises bullets and strips single-asterisk emphasis', () => {
    expect(stripMarkdownForWhatsApp('* escape\n+ manillar\n- enganche *ya*')).toBe(
      '- escape\n- manillar\n- enganche ya',
    );
  });

  it('rewrites links and keeps plain asterisks in arithmetic', () => {
    expect(stripMarkdownForWhatsApp('[tarifas](https://x.es/t) 2 * 3')).toBe(
      'tarifas: https://x.es/t 2 * 3',
    );
  });

  it('leaves plain text untouched', () => {
    expect(stripMarkdownForWhatsApp('Hola, ¿en qué puedo ayudarte?')).toBe(
      'Hola, ¿en qué puedo ayudarte?',
    );
  });
});
