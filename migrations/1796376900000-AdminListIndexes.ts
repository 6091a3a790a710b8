import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the admin SPA's lists, searches and KPIs, each found with `npm run bench:lists`
 * (50k customers, 120k conversations, 1M messages, 100k cases) and EXPLAIN ANALYZE:
 *
 * - Text search (`search=`, `ILIKE '%…%'`) on customers (first/last name, phone, email) and
 *   cases (plate; names and email through the customers): trigram GIN indexes (pg_trgm)
 *   instead of sequential scans of every customer/case, twice per request (page + total).
 * - Newest-first pages, ordered `… DESC, id ASC`: btree indexes in exactly that order, so the
 *   page's ids come from an index-only scan however deep the offset (customers, conversations
 *   by start or by last activity, cases, cases of one status).
 * - "Resolved today" counts (case stats, dashboard KPIs): `(status, resolved_at)`.
 *
 * Mixed-direction, expression and GIN indexes cannot be described by TypeORM's @Index, so the
 * entities declare them by name with `synchronize: false` (the schema diff leaves them alone);
 * the plain ascending ones are declared normally and checked by `migrate check`.
 *
 * Plain CREATE INDEX inside the migration's transaction, like every other migration: at the
 * sizes above the whole migration builds in a few seconds (the bench prints it with
 * `--compare`); writes to these tables wait that long during the deploy. pg_trgm is a trusted
 * extension (PostgreSQL 13+): the database owner may create it. `down` leaves the extension
 * installed (other objects may use it; it is harmless unused).
 */
export class AdminListIndexes1796376900000 implements MigrationInterface {
  name = 'AdminListIndexes1796376900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const column of ['first_name', 'last_name', 'phone', 'email']) {
      await queryRunner.query(`
            CREATE INDEX "ix_users_${column}_trgm" ON "users" USING gin ("${column}" gin_trgm_ops)
        `);
    }
    await queryRunner.query(`
            CREATE INDEX "ix_users_created_at_id" ON "users" ("created_at" DESC, "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_history_started_at_id"
            ON "conversation_history" ("started_at" DESC, "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_history_activity_id"
            ON "conversation_history" ((COALESCE("last_message_at", "started_at")) DESC, "id")
            INCLUDE ("last_message_at", "started_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_created_at_id" ON "cases" ("created_at" DESC, "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_status_created_at_id" ON "cases" ("status", "created_at" DESC, "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_vehiculo_matricula_trgm"
            ON "cases" USING gin ("vehiculo_matricula" gin_trgm_ops)
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_status_resolved_at" ON "cases" ("status", "resolved_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_escalations_status_resolved_at" ON "escalations" ("status", "resolved_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'ix_escalations_status_resolved_at',
      'ix_cases_status_resolved_at',
      'ix_cases_vehiculo_matricula_trgm',
      'ix_cases_status_created_at_id',
      'ix_cases_created_at_id',
      'ix_conversation_history_activity_id',
      'ix_conversation_history_started_at_id',
      'ix_users_created_at_id',
      'ix_users_email_trgm',
      'ix_users_phone_trgm',
      'ix_users_last_name_trgm',
      'ix_users_first_name_trgm',
    ]) {
      await queryRunner.query(`DROP INDEX "public"."${index}"`);
    }
  }
}
