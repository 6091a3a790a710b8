/**
 * "Today" for KPIs is the calendar day in the business time zone (Europe/Madrid by default), not
 * from UTC midnight. Pure Intl arithmetic, DST-safe.
 */

/** Offset of `timeZone` from UTC at `instant`, in minutes (e.g. +60 for Madrid in winter). */
export function timeZoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The UTC instant at which the calendar day containing `instant` starts in `timeZone`. */
export function startOfZonedDay(instant: Date, timeZone: string): Date {
  const offset = timeZoneOffsetMinutes(instant, timeZone);
  const local = new Date(instant.getTime() + offset * 60000);
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  // The offset at midnight can differ from the offset now (DST change during the day).
  const guess = new Date(localMidnight - offset * 60000);
  const midnightOffset = timeZoneOffsetMinutes(guess, timeZone);
  return new Date(localMidnight - midnightOffset * 60000);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
