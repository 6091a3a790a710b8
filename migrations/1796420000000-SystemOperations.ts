import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Captured error-level log lines of the api and workers for the system page, grouped by
 * fingerprint: one unresolved row per distinct error, with an occurrence count.
 */
export class SystemOperations1796420000000 implements MigrationInterface {
  public name = 'SystemOperations1796420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "container_error_logs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "service_name" character varying(50) NOT NULL,
        "container_name" character varying(100) NOT NULL,
        "level" character varying(20) NOT NULL,
        "message" text NOT NULL,
        "stack_trace" text,
        "context" jsonb,
        "log_timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
        "raw_log" text,
        "status" character varying(20) NOT NULL DEFAULT 'open',
        "resolved_at" TIMESTAMP WITH TIME ZONE,
        "resolved_by" character varying(100),
        "resolution_notes" text,
        "fingerprint" character varying(64) NOT NULL,
        "occurrence_count" integer NOT NULL DEFAULT 1,
        "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_container_error_logs_status" CHECK ("status" IN ('open', 'resolved', 'ignored')),
        CONSTRAINT "PK_container_error_logs" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_container_error_logs_service_name" ON "container_error_logs" ("service_name")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_container_error_logs_level" ON "container_error_logs" ("level")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_container_error_logs_log_timestamp" ON "container_error_logs" ("log_timestamp")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_container_error_logs_status" ON "container_error_logs" ("status")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_container_error_logs_last_seen_at" ON "container_error_logs" ("last_seen_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_container_error_logs_service_status" ON "container_error_logs" ("service_name", "status")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_container_error_logs_fingerprint_unresolved" ON "container_error_logs" ("fingerprint") WHERE "status" <> 'resolved'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "container_error_logs"`);
  }
}
