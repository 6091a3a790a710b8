import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auth: per-user token version (instant revocation), rotating refresh tokens, and access-log
 * rows that survive the deletion of their staff member (FK now SET NULL).
 */
export class AdminAuthTokens1795472160869 implements MigrationInterface {
  name = 'AdminAuthTokens1795472160869';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "admin_access_log" DROP CONSTRAINT "fk_admin_access_log_user"
        `);
    await queryRunner.query(`
            CREATE TABLE "admin_refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "family_id" uuid NOT NULL,
                "token_hash" character varying(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "ip_address" character varying(45),
                "user_agent" character varying(500),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_341c4a1fa29fa0017ed8ad0791f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_admin_refresh_tokens_token_hash" ON "admin_refresh_tokens" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_admin_refresh_tokens_user" ON "admin_refresh_tokens" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_admin_refresh_tokens_family" ON "admin_refresh_tokens" ("family_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_users"
            ADD "token_version" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_access_log"
            ADD CONSTRAINT "fk_admin_access_log_user" FOREIGN KEY ("user_id") REFERENCES "admin_users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_refresh_tokens"
            ADD CONSTRAINT "fk_admin_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "admin_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "admin_refresh_tokens" DROP CONSTRAINT "fk_admin_refresh_tokens_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_access_log" DROP CONSTRAINT "fk_admin_access_log_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_users" DROP COLUMN "token_version"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_admin_refresh_tokens_family"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_admin_refresh_tokens_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_admin_refresh_tokens_token_hash"
        `);
    await queryRunner.query(`
            DROP TABLE "admin_refresh_tokens"
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_access_log"
            ADD CONSTRAINT "fk_admin_access_log_user" FOREIGN KEY ("user_id") REFERENCES "admin_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }
}
