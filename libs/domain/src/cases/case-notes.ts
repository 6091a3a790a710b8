/**
 * Case notes are append-only lines `[YYYY-MM-DD HH:MM - author] text`, stamped in the business
 * time zone, never in UTC (staff read them in local time).
 */

/** `YYYY-MM-DD HH:MM` of `instant` in `timeZone`. */
export function formatNoteTimestamp(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** One note line; line breaks in the text are flattened so every entry stays one line. */
export function caseNoteLine(
  instant: Date,
  timeZone: string,
  author: string,
  text: string,
): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return `[${formatNoteTimestamp(instant, timeZone)} - ${author}] ${flat}`;
}

/** Appends lines to the existing notes (null/empty notes start fresh). */
export function appendCaseNotes(existing: string | null, lines: string[]): string | null {
  const kept = (existing ?? '').trim();
  const added = lines.filter((line) => line.length > 0);
  if (added.length === 0) return existing;
  return [kept, ...added].filter(Boolean).join('\n');
}

/** Name shown for an acting staff member: display name, else username. */
export const staffDisplayName = (admin: { username: string; displayName: string | null }): string =>
  admin.displayName?.trim() || admin.username;
