import { appendCaseNotes, caseNoteLine, formatNoteTimestamp, staffDisplayName } from './case-notes';

describe('case notes', () => {
  it('stamps notes in the business time zone', () => {
    // 23:30 UTC on 31 Dec is already 00:30 on 1 Jan in Madrid (winter, UTC+1).
    const instant = new Date('2025-12-31T23:30:00Z');
    expect(formatNoteTimestamp(instant, 'Europe/Madrid')).toBe('2026-01-01 00:30');
    expect(formatNoteTimestamp(instant, 'UTC')).toBe('2025-12-31 23:30');
  });

  it('builds one line per note, flattening line breaks', () => {
    const line = caseNoteLine(new Date('2025-06-01T10:05:00Z'), 'UTC', 'Ana', 'uno\n dos\r\ntres');
    expect(line).toBe('[2025-06-01 10:05 - Ana] uno dos tres');
  });

  it('appends without losing earlier lines', () => {
    expect(appendCaseNotes(null, ['a'])).toBe('a');
    expect(appendCaseNotes('', ['a', 'b'])).toBe('a\nb');
    expect(appendCaseNotes('x\ny', ['z'])).toBe('x\ny\nz');
    expect(appendCaseNotes('x', [])).toBe('x');
  });

  it('names staff by display name, else username', () => {
    expect(staffDisplayName({ username: 'ana', displayName: 'Ana García' })).toBe('Ana García');
    expect(staffDisplayName({ username: 'ana', displayName: '  ' })).toBe('ana');
    expect(staffDisplayName({ username: 'ana', displayName: null })).toBe('ana');
  });
});
