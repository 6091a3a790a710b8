import { wakeableSleep } from './wakeable-sleep';

/**
 * Writes items handed in one call at a time as few batches: a write starts `lingerMs` after
 * the first item, and items added meanwhile or while that write runs share the next one. For
 * records that need not be visible at once (logs, metrics), so a busy process pays a few
 * statements per second instead of one per call.
 *
 * `write` answers false when the batch was refused; then each caller's items are written on
 * their own, so one caller's bad item never drops the others'. `add` resolves once its items
 * were written or refused; `drain` ends the linger at once and waits for what is queued.
 */
export class LingeringBatcher<T> {
  private queued: { items: T[]; done: () => void }[] = [];
  private flushing: Promise<void> | null = null;
  /** Ends the current linger early (drain). */
  private lingering: (() => void) | null = null;

  public constructor(
    private readonly lingerMs: number,
    private readonly write: (items: T[]) => Promise<boolean>,
  ) {}

  public add(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((done) => {
      this.queued.push({ items, done });
      this.kick();
    });
  }

  public async drain(): Promise<void> {
    this.lingering?.();
    while (this.flushing) await this.flushing;
  }

  /**
   * Starts a flush unless one runs. Items can queue after the running flush saw an empty
   * queue but before it settled: the settling flush starts the next one for them.
   */
  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.lingerThenFlush().finally(() => {
      this.flushing = null;
      if (this.queued.length > 0) this.kick();
    });
  }

  private async lingerThenFlush(): Promise<void> {
    const sleep = wakeableSleep(this.lingerMs);
    this.lingering = sleep.wake;
    await sleep.slept;
    this.lingering = null;
    while (this.queued.length > 0) {
      const batches = this.queued.splice(0);
      if (!(await this.safeWrite(batches.flatMap((batch) => batch.items))) && batches.length > 1) {
        for (const batch of batches) await this.safeWrite(batch.items);
      }
      batches.forEach((batch) => batch.done());
    }
  }

  private async safeWrite(items: T[]): Promise<boolean> {
    try {
      return await this.write(items);
    } catch {
      return false; // `write` reports its own failures; a throw counts as a refusal
    }
  }
}
