import { ChaosHarness } from './support/chaos-harness';
import { sendLoad, refusals } from './support/load-driver';
import { ThrowawayPostgres } from './support/postgres-cluster';
import { sleep } from '../support/random';
import { drainAndVerify } from './support/scenario';

jest.setTimeout(300_000);

/**
 * PostgreSQL crashing under load. The api and the workers use a cluster of this test's own
 * (initdb in a temp dir, migrated with the project's migrations), never the shared server. It is
 * stopped with `pg_ctl stop -m immediate` (every backend killed, WAL recovery on start) while
 * handlers are mid-transaction, and started again a few seconds later. The webhook does not
 * touch the database, so every message is accepted; the workers must store each exactly once.
 */
describe('chaos: PostgreSQL restarted mid-run', () => {
  let pg: ThrowawayPostgres | undefined;
  let h: ChaosHarness | undefined;

  afterEach(async () => {
    try {
      await h?.destroy();
    } finally {
      await pg?.destroy();
      h = undefined;
      pg = undefined;
    }
  });

  it('pg_ctl stop -m immediate under 60 msg/s, restarted 3 s later: every message stored once, one reply per conversation', async () => {
    pg = await ThrowawayPostgres.start();
    h = await ChaosHarness.start({
      seed: 4001,
      databaseUrl: pg.url,
      // Production's retry schedule (1 s doubling, 5 attempts): a handler failing on a database
      // that is down backs off 0.5-1, 1-2, 2-4, 4-8 s, so an outage shorter than ~7.5 s never
      // exhausts an incoming message's attempts (longer ones dead-letter it, by design; re-drive
      // brings it back). The tests' fast default (200 ms) would dead-letter after ~2 s.
      workerEnv: { STREAM_RETRY_BASE_MS: '1000', STREAM_RETRY_MAX_MS: '60000' },
    });
    await h.pool.start(2);
    const startedAt = Date.now();
    const loading = sendLoad(h.webhookUrl, {
      messages: 600,
      conversations: 60,
      ratePerSecond: 60,
      firstMessageId: 4_000_000,
      firstConversationId: 40_000,
    });
    await sleep(3000);
    await pg.restart(3000);
    const load = await loading;
    expect(refusals(load)).toBe('none');
    expect(load.accepted).toHaveLength(600);
    const counts = await drainAndVerify(h, load, {
      name: 'PostgreSQL stop -m immediate',
      startedAt,
      facts: { pg_restarts: pg.restarts },
    });
    expect(counts.retried).toBeGreaterThan(0); // handlers really failed on the database
  });
});
