import { RawEnv } from '@app/config';
import { FakeChatwoot } from '../../support/fake-chatwoot';
import { freePort, spawnTs } from '../../support/process';
import { TestRedis } from '../../support/redis';
import { testWorker, TestWorker, workerEnv } from '../../support/worker';
import { killQuietly, onProcessExit } from './exit-guard';
import { sleep } from '../../support/random';

/**
 * Like test/support/worker.ts startWorker (same environment, same readiness: /health 200), with
 * a boot deadline for a busy 2-core machine, the process registered for the exit guard from
 * its first moment, and the last /health answer in the error when it never got ready.
 */
export async function bootWorker(
  db: { url: string },
  redis: TestRedis,
  chatwoot: FakeChatwoot,
  overrides: RawEnv,
  timeoutMs = 90_000,
): Promise<TestWorker> {
  const port = await freePort();
  const proc = spawnTs(
    'apps/worker/src/main.ts',
    workerEnv(db, redis, chatwoot, { WORKER_HTTP_PORT: String(port), ...overrides }),
  );
  const unregister = onProcessExit(() => killQuietly(proc.child.pid));
  void proc.exited.then(unregister);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`worker exited while booting: ${proc.output().slice(-3000)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, {
        signal: AbortSignal.timeout(3000),
      });
      if (res.status === 200) break;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(
        `worker not ready within ${timeoutMs} ms (last /health: ${last})\n` +
          proc.output().slice(-3000),
      );
    }
    await sleep(100);
  }
  return testWorker(proc, port);
}

interface Slot {
  index: number;
  worker: TestWorker | null;
  booting: Promise<void> | null;
  bootError: Error | null;
}

export interface HealthSample {
  port: number;
  status: number | 'down';
  body: string;
}

/**
 * N worker process slots. A killed worker's slot boots a replacement in the background (as a
 * supervisor would); only booted workers (their /health answered) are chosen as victims.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly everStarted: TestWorker[] = [];
  /** Output tails of killed workers, for the failure report. */
  private readonly graveyard: string[] = [];
  private readonly unregister: () => void;
  public kills = 0;

  public constructor(
    private readonly spawnWorker: () => Promise<TestWorker>,
    private readonly random: () => number,
  ) {
    this.unregister = onProcessExit(() =>
      this.everStarted.forEach((worker) => killQuietly(worker.process.child.pid)),
    );
  }

  public async start(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const slot: Slot = { index: i, worker: null, booting: null, bootError: null };
      this.slots.push(slot);
      this.boot(slot);
    }
    await this.whenAllReady();
  }

  /** Workers that are up now (booted and not killed). */
  public get live(): TestWorker[] {
    return this.slots
      .map((slot) => slot.worker)
      .filter((worker): worker is TestWorker => worker !== null);
  }

  /** SIGKILLs a random booted worker (waiting for one if all are booting) and replaces it. */
  public async killRandom(): Promise<void> {
    const deadline = Date.now() + 60_000;
    let candidates = this.slots.filter((slot) => slot.worker);
    while (candidates.length === 0) {
      this.throwBootError();
      if (Date.now() > deadline) throw new Error('no worker booted within 60 s');
      await sleep(50);
      candidates = this.slots.filter((slot) => slot.worker);
    }
    await this.killSlot(
      candidates[Math.min(candidates.length - 1, Math.floor(this.random() * candidates.length))],
    );
  }

  private async killSlot(slot: Slot): Promise<void> {
    const victim = slot.worker!;
    slot.worker = null;
    victim.process.kill('SIGKILL');
    await victim.process.exited;
    this.kills += 1;
    this.graveyard.push(
      `--- worker slot ${slot.index} (port ${victim.port}), SIGKILL #${this.kills}\n` +
        victim.process.output().slice(-1500),
    );
    this.boot(slot);
  }

  /** Waits until every slot has a booted worker (replacements included). */
  public async whenAllReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.slots.some((slot) => !slot.worker)) {
      this.throwBootError();
      if (Date.now() > deadline) throw new Error(`workers not booted within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** The live worker behind a stream consumer name (`<host>-<pid>-<random>`). */
  public byConsumer(consumerName: string): TestWorker | undefined {
    const parts = consumerName.split('-');
    const pid = Number(parts[parts.length - 2]);
    return this.live.find((worker) => worker.process.child.pid === pid);
  }

  /** SIGKILLs one given worker (e.g. the one holding an entry) and boots its replacement. */
  public async kill(worker: TestWorker): Promise<void> {
    const slot = this.slots.find((candidate) => candidate.worker === worker);
    if (!slot) throw new Error(`worker on port ${worker.port} is not live`);
    await this.killSlot(slot);
  }

  /**
   * Freezes a worker (SIGSTOP) for `ms`, then lets it go on (SIGCONT): a long GC pause, CPU
   * throttling, a VM stall. It neither works nor heart-beats meanwhile, but it is not dead.
   */
  public async pause(worker: TestWorker, ms: number): Promise<void> {
    worker.process.kill('SIGSTOP');
    try {
      await sleep(ms);
    } finally {
      worker.process.kill('SIGCONT');
    }
  }

  /** Live workers that exited although nobody killed them (a crash the test did not cause). */
  public unexpectedExits(): string[] {
    return this.slots
      .filter((slot) => slot.worker && slot.worker.process.child.exitCode !== null)
      .map(
        (slot) =>
          `slot ${slot.index} exited with ${slot.worker?.process.child.exitCode}: ` +
          (slot.worker?.process.output().slice(-2000) ?? ''),
      );
  }

  public async health(): Promise<HealthSample[]> {
    return Promise.all(
      this.live.map(async (worker) => {
        try {
          const res = await fetch(`http://127.0.0.1:${worker.port}/health`, {
            signal: AbortSignal.timeout(5000),
          });
          return { port: worker.port, status: res.status, body: await res.text() };
        } catch (error) {
          return { port: worker.port, status: 'down' as const, body: String(error) };
        }
      }),
    );
  }

  public async metrics(): Promise<string[]> {
    return Promise.all(
      this.live.map(async (worker) => {
        const res = await fetch(`http://127.0.0.1:${worker.port}/metrics`, {
          signal: AbortSignal.timeout(5000),
        });
        return res.text();
      }),
    );
  }

  /** Output lines (live workers and killed ones' tails) that mention `needle`. */
  public logLines(needle: string): string[] {
    return [...this.graveyard, ...this.live.map((worker) => worker.process.output())]
      .flatMap((text) => text.split('\n'))
      .filter((line) => line.includes(needle));
  }

  /** Output of the live workers and the tails of killed ones (for failure messages). */
  public diagnostics(): string {
    const live = this.live.map(
      (worker) => `--- live worker (port ${worker.port})\n${worker.process.output().slice(-3000)}`,
    );
    return [...this.graveyard.slice(-4), ...live].join('\n');
  }

  /** SIGKILLs everything this pool started (booting replacements included). */
  public async destroy(): Promise<void> {
    // A boot never rejects (boot() records its error on the slot).
    await Promise.all(this.slots.map((slot) => slot.booting ?? Promise.resolve()));
    await Promise.all(
      this.everStarted.map(async (worker) => {
        worker.process.kill('SIGKILL');
        await worker.process.exited;
      }),
    );
    this.slots.forEach((slot) => (slot.worker = null));
    this.unregister();
  }

  private boot(slot: Slot): void {
    slot.booting = this.spawnWorker()
      .then((worker) => {
        this.everStarted.push(worker);
        slot.worker = worker;
      })
      .catch((error: unknown) => {
        slot.bootError = error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => (slot.booting = null));
  }

  private throwBootError(): void {
    const failed = this.slots.find((slot) => slot.bootError);
    if (failed?.bootError) throw failed.bootError;
  }
}

/**
 * The crash storm: every ~`intervalMs` (±25 %) a random booted worker gets SIGKILL and its
 * slot boots a replacement; `kills` times.
 */
export async function killLoop(
  pool: WorkerPool,
  options: {
    kills: number;
    intervalMs: number;
    random: () => number;
    /** Called after each kill (e.g. to sample the backlog the storm hit). */
    afterKill?: () => Promise<void>;
  },
): Promise<void> {
  for (let i = 0; i < options.kills; i += 1) {
    await sleep(options.intervalMs * (0.75 + options.random() * 0.5));
    await pool.killRandom();
    await options.afterKill?.();
  }
}
