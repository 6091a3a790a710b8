import { Semaphore } from './semaphore';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('refuses a capacity below 1', () => {
    expect(() => new Semaphore(0)).toThrow('capacity must be >= 1');
    expect(() => new Semaphore(1.5)).toThrow('capacity must be >= 1');
  });

  it('runs at most `capacity` jobs at once, the waiting ones in arrival order', async () => {
    const semaphore = new Semaphore(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const jobs = [0, 1, 2, 3].map((n) =>
      semaphore.run(async () => {
        started.push(n);
        await new Promise<void>((resolve) => finish.push(resolve));
        return n;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    finish[0]();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish[1]();
    finish[2]();
    await tick();
    finish[3]();
    await expect(Promise.all(jobs)).resolves.toEqual([0, 1, 2, 3]);
  });

  it('frees the slot when a job fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('acquire/release hand a slot to the first waiter', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    let second = false;
    const waiting = semaphore.acquire().then(() => (second = true));
    await tick();
    expect(second).toBe(false);
    semaphore.release();
    await waiting;
    expect(second).toBe(true);
  });
});
