import { errorFingerprint, firstStackFrame, normaliseErrorMessage } from './error-fingerprint';

const stackAt = (frame: string): string =>
  `Error: boom\n    at ${frame}\n    at processTicksAndRejections (node:internal/process:95:5)`;

describe('error fingerprint', () => {
  it('strips numbers, ids, hex and stream ids from messages', () => {
    expect(
      normaliseErrorMessage(
        'delivery 1712345678901-3 of conversation 42 failed for 3f2b8c1e-1d2a-4c5b-9e8f-0a1b2c3d4e5f (9f3b2c4d5e6a)',
      ),
    ).toBe('delivery <n> of conversation <n> failed for <id> (<hex>)');
    expect(normaliseErrorMessage('  many   spaces\nand lines ')).toBe('many spaces and lines');
  });

  it('takes the first frame without line and column', () => {
    expect(firstStackFrame(stackAt('DeliveryHandler.handle (/app/dist/delivery.js:120:17)'))).toBe(
      'at DeliveryHandler.handle (/app/dist/delivery.js',
    );
    expect(firstStackFrame('no frames here')).toBe('');
    expect(firstStackFrame(null)).toBe('');
  });

  it('groups the same error with different values, separates other errors', () => {
    const a = errorFingerprint('agent', 'timeout after 5000 ms for 12', stackAt('x (/a.js:1:2)'));
    const b = errorFingerprint('agent', 'timeout after 3000 ms for 99', stackAt('x (/a.js:7:9)'));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    // Another service, message or origin is another group.
    expect(
      errorFingerprint('api', 'timeout after 5000 ms for 12', stackAt('x (/a.js:1:2)')),
    ).not.toBe(a);
    expect(errorFingerprint('agent', 'refused after 5000 ms', stackAt('x (/a.js:1:2)'))).not.toBe(
      a,
    );
    expect(
      errorFingerprint('agent', 'timeout after 5000 ms for 12', stackAt('y (/b.js:1:2)')),
    ).not.toBe(a);
  });
});
