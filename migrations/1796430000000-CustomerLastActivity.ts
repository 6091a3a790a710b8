import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's last activity is stored on the customer (`users.last_activity_at`), kept by the
 * worker in the statement that bumps the conversation, instead of being computed for every row
 * of the admin list from all of the customer's conversations (about half a second per page
 * sorted by activity at 50k customers). Backfilled from the conversations, or the creation time
 * for customers who never wrote — the value the list showed before. Also drops two indexes that
 * the newest-first list indexes made redundant (same leading columns).
 */
export class CustomerLastActivity1796430000000 implements MigrationInterface {
  name = 'CustomerLastActivity1796430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "last_activity_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "users" SET "last_activity_at" = "created_at"`);
    await queryRunner.query(`
            UPDATE "users" u SET "last_activity_at" = a."at"
            FROM (SELECT "user_id", MAX(COALESCE("last_message_at", "started_at")) AS "at"
                  FROM "conversation_history" WHERE "user_id" IS NOT NULL GROUP BY "user_id") a
            WHERE a."user_id" = u."id"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" ALTER COLUMN "last_activity_at" SET DEFAULT now(),
              ALTER COLUMN "last_activity_at" SET NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_users_last_activity_at_id" ON "users" ("last_activity_at" DESC, "id")
        `);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conversation_history_started_at"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_history_started_at" ON "conversation_history" ("started_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_status_created" ON "cases" ("status", "created_at")
        `);
    await queryRunner.query(`DROP INDEX "public"."ix_users_last_activity_at_id"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "last_activity_at"`);
  }
}
