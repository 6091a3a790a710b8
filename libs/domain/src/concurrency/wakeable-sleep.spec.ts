import { wakeableSleep } from './wakeable-sleep';

describe('wakeableSleep', () => {
  it('ends after its time, or at once when woken', async () => {
    const started = Date.now();
    await wakeableSleep(30).slept;
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);

    const sleep = wakeableSleep(60_000);
    const woken = Date.now();
    sleep.wake();
    await sleep.slept;
    expect(Date.now() - woken).toBeLessThan(1000);
    sleep.wake(); // a second wake is harmless
  });
});
