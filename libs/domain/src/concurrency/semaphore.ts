/**
 * Counting semaphore: bounds how many jobs run at once; the rest wait in FIFO order. A released
 * slot goes straight to the next waiter, so a newcomer never overtakes someone waiting.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  public constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be >= 1');
    this.available = capacity;
  }

  public async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  public release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available += 1;
  }

  /** Runs `job` inside a slot, releasing it however the job ends. */
  public async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.release();
    }
  }
}
