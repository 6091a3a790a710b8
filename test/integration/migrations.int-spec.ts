import { Client } from 'pg';
import { Migrator } from '@app/database';
import { MIGRATIONS } from '@app/migrations';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('migrations (integration)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('entities and migrations agree (no drift after migrating from empty)', async () => {
    const migrator = await Migrator.connect(db.url);
    try {
      expect(await migrator.pending()).toBe(false);
      expect(await migrator.drift()).toEqual([]);
    } finally {
      await migrator.close();
    }
  });

  it('every migration reverts cleanly and re-applies', async () => {
    const migrator = await Migrator.connect(db.url);
    try {
      for (let i = 0; i < MIGRATIONS.length; i += 1) await migrator.revert();
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ count: string }>(
        `SELECT count(*) FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
      );
      await client.end();
      expect(Number(rows[0]?.count)).toBe(0);
      expect(await migrator.up()).toHaveLength(MIGRATIONS.length);
      expect(await migrator.drift()).toEqual([]);
    } finally {
      await migrator.close();
    }
  });

  it('seeds the panic-button settings', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string; value: string; value_type: string }>(
        `SELECT key, value, value_type FROM system_settings ORDER BY key`,
      );
      expect(rows.map((row) => row.key)).toEqual(['agent_disabled_message', 'agent_enabled']);
      expect(rows.find((row) => row.key === 'agent_enabled')).toMatchObject({
        value: 'true',
        value_type: 'boolean',
      });
    } finally {
      await client.end();
    }
  });

  it('enforces the schema constraints', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO admin_users (username, password_hash, role) VALUES ('dup', 'x', 'admin')`,
      );
      await expect(
        client.query(`INSERT INTO admin_users (username, password_hash) VALUES ('dup', 'x')`),
      ).rejects.toThrow(/uq_admin_users_username/);
      await expect(
        client.query(
          `INSERT INTO admin_users (username, password_hash, role) VALUES ('r', 'x', 'root')`,
        ),
      ).rejects.toThrow(/ck_admin_users_role/);
      await expect(
        client.query(
          `INSERT INTO system_settings (key, value, value_type) VALUES ('k', 'v', 'float')`,
        ),
      ).rejects.toThrow(/ck_system_settings_value_type/);
    } finally {
      await client.end();
    }
  });
});
