import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitPlatform1795471059496 implements MigrationInterface {
  name = 'InitPlatform1795471059496';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "admin_users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" character varying(50) NOT NULL,
                "password_hash" character varying(255) NOT NULL,
                "role" character varying(20) NOT NULL DEFAULT 'user',
                "display_name" character varying(100),
                "is_active" boolean NOT NULL DEFAULT true,
                "created_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_admin_users_role" CHECK ("role" IN ('admin', 'user')),
                CONSTRAINT "PK_06744d221bb6145dc61e5dc441d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_admin_users_username" ON "admin_users" ("username")
        `);
    await queryRunner.query(`
            CREATE TABLE "admin_access_log" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid,
                "username" character varying(50),
                "action" character varying(20) NOT NULL,
                "ip_address" character varying(45),
                "user_agent" character varying(500),
                "details" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e6ed6c6d4a44e678ba5059f45bb" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_admin_access_log_action" ON "admin_access_log" ("action")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_admin_access_log_created_at" ON "admin_access_log" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_admin_access_log_user_created" ON "admin_access_log" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "entity_type" character varying(50) NOT NULL,
                "entity_id" uuid NOT NULL,
                "action" character varying(20) NOT NULL,
                "changes" jsonb,
                "user" character varying(100),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_audit_log_action" CHECK ("action" IN ('create', 'update', 'delete')),
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_audit_log_created_at" ON "audit_log" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_audit_log_entity" ON "audit_log" ("entity_type", "entity_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "system_settings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "key" character varying(100) NOT NULL,
                "value" character varying(1000) NOT NULL,
                "value_type" character varying(20) NOT NULL DEFAULT 'string',
                "description" character varying(500),
                "is_mutable" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_system_settings_value_type" CHECK (
                    "value_type" IN ('string', 'integer', 'boolean', 'json')
                ),
                CONSTRAINT "PK_82521f08790d248b2a80cc85d40" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_system_settings_key" ON "system_settings" ("key")
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_users"
            ADD CONSTRAINT "fk_admin_users_created_by" FOREIGN KEY ("created_by_id") REFERENCES "admin_users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_access_log"
            ADD CONSTRAINT "fk_admin_access_log_user" FOREIGN KEY ("user_id") REFERENCES "admin_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "admin_access_log" DROP CONSTRAINT "fk_admin_access_log_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "admin_users" DROP CONSTRAINT "fk_admin_users_created_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_system_settings_key"
        `);
    await queryRunner.query(`
            DROP TABLE "system_settings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_audit_log_entity"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_audit_log_created_at"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_admin_access_log_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_admin_access_log_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_admin_access_log_action"
        `);
    await queryRunner.query(`
            DROP TABLE "admin_access_log"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_admin_users_username"
        `);
    await queryRunner.query(`
            DROP TABLE "admin_users"
        `);
  }
}
