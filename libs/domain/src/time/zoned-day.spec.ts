import { isValidTimeZone, startOfZonedDay, timeZoneOffsetMinutes } from './zoned-day';

describe('zoned day', () => {
  it('computes Madrid offsets in winter and summer', () => {
    expect(timeZoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Europe/Madrid')).toBe(60);
    expect(timeZoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Europe/Madrid')).toBe(120);
  });

  it('starts the Madrid day at 23:00 UTC the previous evening in winter', () => {
    expect(startOfZonedDay(new Date('2026-01-15T10:00:00Z'), 'Europe/Madrid').toISOString()).toBe(
      '2026-01-14T23:00:00.000Z',
    );
  });

  it('counts 23:30 UTC as the next Madrid day', () => {
    expect(startOfZonedDay(new Date('2026-01-15T23:30:00Z'), 'Europe/Madrid').toISOString()).toBe(
      '2026-01-15T23:00:00.000Z',
    );
  });

  it('starts the Madrid day at 22:00 UTC in summer', () => {
    expect(startOfZonedDay(new Date('2026-07-15T10:00:00Z'), 'Europe/Madrid').toISOString()).toBe(
      '2026-07-14T22:00:00.000Z',
    );
  });

  it('handles the DST switch day (midnight still at winter offset)', () => {
    // 2026-03-29: clocks go 02:00 -> 03:00 in Madrid; that day began at 23:00 UTC on the 28th.
    expect(startOfZonedDay(new Date('2026-03-29T15:00:00Z'), 'Europe/Madrid').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
  });

  it('equals UTC midnight for UTC', () => {
    expect(startOfZonedDay(new Date('2026-05-05T05:05:05Z'), 'UTC').toISOString()).toBe(
      '2026-05-05T00:00:00.000Z',
    );
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Europe/Madrid')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
