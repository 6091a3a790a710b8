/** "140 € +IVA", "85,50 € +IVA": prices are always shown without VAT, Spanish decimals. */
export const euros = (amount: number): string => {
  const text = Number.isInteger(amount) ? String(amount) : amount.toFixed(2).replace('.', ',');
  return `${text} € +IVA`;
};

/** A price or "a consultar" when no tier prices the request. */
export const priceText = (price: number | null): string =>
  price === null ? '*a consultar* (lo revisa un técnico)' : `*${euros(price)}*`;

export const bullets = (lines: readonly string[]): string =>
  lines.map((line) => `• ${line}`).join('\n');

export const numbered = (lines: readonly string[]): string =>
  lines.map((line, index) => `${index + 1}. ${line}`).join('\n');

/** "a, b y c". */
export const joinAnd = (items: readonly string[]): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} y ${items[items.length - 1]}`;

export const plural = (count: number, one: string, many: string): string =>
  `${count} ${count === 1 ? one : many}`;

/** Customer text quoted back, short and on one line. */
export const quoteBack = (text: string, max = 60): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** Absolute URL for a catalogue image (relative paths hang off the public base URL). */
export const absoluteUrl = (url: string, base: string): string => {
  if (/^https?:\/\//i.test(url)) return url;
  return `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
};
