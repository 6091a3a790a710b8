/**
 * WhatsApp shows Markdown literally, so every reply is flattened before sending: bold/italic
 * markers removed, headings become "Title:", rules dropped, code fences and inline code
 * unwrapped, links become "text: url", runs of blank lines collapsed.
 */
export function stripMarkdownForWhatsApp(input: string): string {
  let text = input.replace(/\r\n?/g, '\n');
  // Fenced code blocks: keep the content, drop the fences (and the language tag).
  text = text.replace(/```[^\n]*\n([\s\S]*?)```/g, (_m, body: string) => body.replace(/\n$/, ''));
  text = text.replace(/`([^`\n]+)`/g, '$1');
  // Headings: "## Precio" -> "Precio:" (no double colon when the title already ends with one).
  text = text.replace(/^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/gm, (_m, title: string) =>
    /[:?!.]$/.test(title) ? title : `${title}:`,
  );
  // Horizontal rules.
  text = text.replace(/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/gm, '');
  // Bold / bold-italic markers.
  text = text.replace(/\*\*\*(\S(?:[\s\S]*?\S)?)\*\*\*/g, '$1');
  text = text.replace(/\*\*(\S(?:[\s\S]*?\S)?)\*\*/g, '$1');
  text = text.replace(/__(\S(?:[\s\S]*?\S)?)__/g, '$1');
  // Bullets written with "*" or "+" become "- " (a lone "*" would be read as bold by WhatsApp).
  text = text.replace(/^([ \t]*)[*+][ \t]+/gm, '$1- ');
  // Single-asterisk emphasis inside a line.
  text = text.replace(/(^|[^\w*])\*(\S(?:[^*\n]*?\S)?)\*(?!\w)/g, '$1$2');
  // Links and images.
  text = text.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_m, alt: string, url: string) =>
    alt ? `${alt}: ${url}` : url,
  );
  text = text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
    label === url ? url : `${label}: ${url}`,
  );
  // Block quotes.
  text = text.replace(/^[ \t]*>[ \t]?/gm, '');
  // Trailing spaces, then at most one blank line in a row.
  text = text.replace(/[ \t]+$/gm, '');
  text = text.replace(/\n{3,}/g, '\n\n');
  return text.trim();
}
