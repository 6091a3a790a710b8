import { liveEvent, LiveEventType, liveEventVisibleTo, parseLiveEvent } from './live-events';

describe('live events', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');

  it('marks service outages admin-only and everything else for all staff', () => {
    const down = liveEvent(LiveEventType.SERVICE_DOWN, { service: 'worker' }, at);
    const created = liveEvent(LiveEventType.ESCALATION_CREATED, { escalation_id: 'e1' }, at);
    expect(down).toEqual({
      type: 'service.down',
      time: '2026-01-02T03:04:05.000Z',
      payload: { service: 'worker' },
      roles: ['admin'],
    });
    expect(liveEventVisibleTo(down, 'admin')).toBe(true);
    expect(liveEventVisibleTo(down, 'user')).toBe(false);
    expect(liveEventVisibleTo(created, 'user')).toBe(true);
  });

  it('reads back what it writes and skips what is not an event', () => {
    const event = liveEvent(LiveEventType.CASE_PENDING_REVIEW, { case_id: 'c1' }, at);
    expect(parseLiveEvent(JSON.stringify(event))).toEqual(event);
    expect(parseLiveEvent('not json')).toBeNull();
    expect(parseLiveEvent('{"type":"x"}')).toBeNull();
    expect(parseLiveEvent(null)).toBeNull();
  });
});
