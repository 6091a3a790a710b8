import { TOOL_PARAMETER_LIMITS, TRUNCATED_MARKER, truncateToolParameters } from './tool-parameters';

describe('truncateToolParameters', () => {
  it('cuts strings to 200 characters', () => {
    const out = truncateToolParameters({ text: 'x'.repeat(500), short: 'ok' });
    expect((out.text as string).length).toBe(200);
    expect(out.short).toBe('ok');
  });

  it('bounds depth', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10; i += 1) deep = { child: deep };
    const json = JSON.stringify(truncateToolParameters(deep));
    expect(json).toContain(TRUNCATED_MARKER);
    expect(json).not.toContain('leaf');
  });

  it('bounds array length, key count and total size', () => {
    const out = truncateToolParameters({
      list: Array.from({ length: 1000 }, (_, i) => i),
      wide: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'.repeat(300)])),
    });
    const list = out.list as unknown[];
    expect(list).toHaveLength(TOOL_PARAMETER_LIMITS.maxEntries + 1);
    expect(list[list.length - 1]).toBe(TRUNCATED_MARKER);
    expect(Object.keys(out.wide as object).length).toBeLessThanOrEqual(
      TOOL_PARAMETER_LIMITS.maxEntries + 1,
    );
    expect(JSON.stringify(out).length).toBeLessThan(TOOL_PARAMETER_LIMITS.maxNodes * 210);
  });

  it('returns JSON-safe values and leaves the input untouched', () => {
    const input = {
      n: Number.NaN,
      big: BigInt(5),
      when: new Date('2026-01-02T03:04:05Z'),
      fn: () => 1,
      u: undefined,
    };
    const out = truncateToolParameters(input);
    expect(out).toEqual({ n: 'NaN', big: '5', when: '2026-01-02T03:04:05.000Z' });
    expect(typeof input.fn).toBe('function');
  });

  it('accepts a larger string bound', () => {
    expect((truncateToolParameters({ s: 'y'.repeat(500) }, 1000).s as string).length).toBe(500);
  });
});
