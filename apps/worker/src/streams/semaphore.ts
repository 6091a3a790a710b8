/** Counting semaphore: bounds how many handlers run at once in one consumer. */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  public constructor(size: number) {
    this.available = size;
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
}
