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
