import { DataSource, QueryRunner } from 'typeorm';
import { buildDataSourceOptions } from '@app/database';
import { createTestDatabase, TestDatabase } from '../support/database';

/** Named (prepared) statements per connection, on a real PostgreSQL session. */
describe('statement cache (integration)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: QueryRunner;

  const prepared = async (): Promise<{ name: string; statement: string }[]> =>
    runner.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY name`);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(
      buildDataSourceOptions({ url: db.url, poolMax: 2, statementCache: 2 }),
    ).initialize();
    runner = dataSource.createQueryRunner();
    await runner.connect(); // one connection: prepared statements belong to a session
  });

  afterAll(async () => {
    await runner?.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('prepares each distinct parameterised statement once, up to the limit, results unchanged', async () => {
    expect(await prepared()).toEqual([]);
    const one = `SELECT $1::int + 1 AS "n"`;
    expect(await runner.query(one, [1])).toEqual([{ n: 2 }]);
    expect(await runner.query(one, [41])).toEqual([{ n: 42 }]);
    expect(await runner.query(`SELECT count(*)::int AS "n" FROM users`)).toEqual([{ n: 0 }]);
    expect(await prepared()).toEqual([{ name: 'msia_1', statement: one }]);

    const two = `SELECT $1::text || '!' AS "s"`;
    const three = `SELECT $1::text || '?' AS "s"`;
    expect(await runner.query(two, ['hola'])).toEqual([{ s: 'hola!' }]);
    expect(await runner.query(three, ['hola'])).toEqual([{ s: 'hola?' }]);
    // Beyond the limit a statement still runs, unnamed.
    expect((await prepared()).map((row) => row.statement)).toEqual([one, two]);
  });

  it('keeps working after failed statements and inside transactions that roll back', async () => {
    const roomy = await new DataSource(
      buildDataSourceOptions({ url: db.url, poolMax: 1, statementCache: 10 }),
    ).initialize();
    const session = roomy.createQueryRunner();
    await session.connect();
    try {
      // Fails when executed, then when planned: each time with its own error, never with
      // "prepared statement does not exist".
      const divide = `SELECT 1 / $1::int AS "n"`;
      await expect(session.query(divide, [0])).rejects.toThrow(/division by zero/);
      await expect(session.query(divide, [2])).resolves.toEqual([{ n: 0 }]);
      const broken = `SELECT $1::int + 'x'::int AS "n"`;
      await expect(session.query(broken, [1])).rejects.toThrow(/invalid input syntax/);
      await expect(session.query(broken, [1])).rejects.toThrow(/invalid input syntax/);
      const echo = `SELECT $1::int AS "n"`;
      await session.startTransaction();
      await expect(session.query(echo, [7])).resolves.toEqual([{ n: 7 }]);
      await session.rollbackTransaction();
      await expect(session.query(echo, [8])).resolves.toEqual([{ n: 8 }]);
      const names = await session.query(`SELECT statement FROM pg_prepared_statements`);
      expect(names.map((row: { statement: string }) => row.statement).sort()).toEqual(
        [divide, echo].sort(),
      );
    } finally {
      await session.release();
      await roomy.destroy();
    }
  });

  /**
   * A table analysed while it held five rows and not since (autovacuum off or behind), a
   * statement on it called ten times, then the table grows to 50,000 rows: which scans does the
   * next call make, `wait` ms later?
   */
  const scansAfterGrowth = async (
    table: string,
    replanAfterMs: number,
    wait: number,
  ): Promise<{ seq: number; index: number }> => {
    const pooled = await new DataSource(
      buildDataSourceOptions({ url: db.url, poolMax: 1, statementCache: 10, replanAfterMs }),
    ).initialize();
    const session = pooled.createQueryRunner();
    await session.connect();
    try {
      await session.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text)`);
      await session.query(`INSERT INTO ${table} SELECT g, NULL FROM generate_series(1, 5) g`);
      await session.query(`ANALYZE ${table}`);
      const byId = `WITH seen AS (
        UPDATE ${table} SET note = 'seen' WHERE id = $1 RETURNING id
      ) SELECT id FROM seen`;
      // After five calls PostgreSQL switches to one generic plan: a sequential scan, the
      // cheapest for one page.
      for (let call = 1; call <= 10; call += 1) {
        expect(await session.query(byId, [call])).toEqual(call <= 5 ? [{ id: call }] : []);
      }
      await session.query(`INSERT INTO ${table} SELECT g, NULL FROM generate_series(6, 50000) g`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      // The session's own scan counters (not yet flushed to the shared statistics) around one
      // call.
      const scans = async (): Promise<{ seq: number; index: number }> =>
        (
          await session.query(
            `SELECT seq_scan::int AS "seq", idx_scan::int AS "index"
             FROM pg_stat_xact_user_tables WHERE relname = $1`,
            [table],
          )
        )[0];
      await session.startTransaction();
      try {
        const before = await scans();
        expect(await session.query(byId, [4242])).toEqual([{ id: 4242 }]);
        const after = await scans();
        return { seq: after.seq - before.seq, index: after.index - before.index };
      } finally {
        await session.rollbackTransaction();
      }
    } finally {
      await session.release();
      await pooled.destroy();
    }
  };

  it('plans the statements again after a while, for the tables as they are now', async () => {
    // Within the interval the generic plan made for one page still reads the whole table…
    expect(await scansAfterGrowth('plan_probe_kept', 3_600_000, 0)).toEqual({ seq: 1, index: 0 });
    // …once it has passed, the call is planned again and uses the primary key.
    expect(await scansAfterGrowth('plan_probe_replanned', 300, 400)).toEqual({ seq: 0, index: 1 });
  });

  it('re-planning fits inside transactions, aborted ones included', async () => {
    const eager = await new DataSource(
      buildDataSourceOptions({ url: db.url, poolMax: 1, statementCache: 10, replanAfterMs: 0 }),
    ).initialize();
    const session = eager.createQueryRunner();
    await session.connect();
    try {
      const divide = `SELECT 10 / $1::int AS "n"`;
      await session.startTransaction();
      await expect(session.query(divide, [5])).resolves.toEqual([{ n: 2 }]);
      await expect(session.query(divide, [0])).rejects.toThrow(/division by zero/);
      await expect(session.query(divide, [2])).rejects.toThrow(/current transaction is aborted/);
      await session.rollbackTransaction();
      await expect(session.query(divide, [2])).resolves.toEqual([{ n: 5 }]);
    } finally {
      await session.release();
      await eager.destroy();
    }
  });

  it('is off when the limit is 0 or absent', async () => {
    const plain = await new DataSource(
      buildDataSourceOptions({ url: db.url, poolMax: 1, statementCache: 0 }),
    ).initialize();
    try {
      await plain.query(`SELECT $1::int AS "n"`, [1]);
      expect(await plain.query(`SELECT count(*)::int AS "n" FROM pg_prepared_statements`)).toEqual([
        { n: 0 },
      ]);
    } finally {
      await plain.destroy();
    }
  });
});
