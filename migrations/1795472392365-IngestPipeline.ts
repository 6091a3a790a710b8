import { MigrationInterface, QueryRunner } from 'typeorm';

/** Customers, conversations, message archive, escalations and the stream outbox (issue 5). */

export class IngestPipeline1795472392365 implements MigrationInterface {
  name = 'IngestPipeline1795472392365';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "phone" character varying(20),
                "first_name" character varying(100),
                "last_name" character varying(100),
                "email" character varying(255),
                "nif_cif" character varying(20),
                "company_name" character varying(200),
                "client_type" character varying(20) NOT NULL DEFAULT 'particular',
                "domicilio_calle" character varying(255),
                "domicilio_localidad" character varying(100),
                "domicilio_provincia" character varying(100),
                "domicilio_cp" character varying(10),
                "chatwoot_contact_id" integer,
                "metadata" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_users_client_type" CHECK ("client_type" IN ('particular', 'professional')),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_phone" ON "users" ("phone")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_chatwoot_contact_id" ON "users" ("chatwoot_contact_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "conversation_history" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid,
                "conversation_id" character varying(100) NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "message_count" integer NOT NULL DEFAULT '0',
                "last_message_at" TIMESTAMP WITH TIME ZONE,
                "summary" text,
                "metadata" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5f148026f478c9670afabdc83d4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_history_user_id" ON "conversation_history" ("user_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_conversation_history_conversation_id" ON "conversation_history" ("conversation_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_history_started_at" ON "conversation_history" ("started_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "conversation_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "conversation_history_id" uuid NOT NULL,
                "role" character varying(20) NOT NULL,
                "content" text NOT NULL,
                "chatwoot_message_id" integer,
                "reply_to_chatwoot_message_id" integer,
                "has_images" boolean NOT NULL DEFAULT false,
                "image_count" integer NOT NULL DEFAULT '0',
                "attachments" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_conversation_messages_role" CHECK ("role" IN ('user', 'assistant')),
                CONSTRAINT "PK_113248f25c4c0a7c179b3f5a609" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_messages_history_id" ON "conversation_messages" ("conversation_history_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_conversation_messages_chatwoot_message_id" ON "conversation_messages" ("chatwoot_message_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_conversation_messages_reply_to" ON "conversation_messages" ("reply_to_chatwoot_message_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_messages_created_at" ON "conversation_messages" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_conversation_messages_history_created" ON "conversation_messages" ("conversation_history_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "escalations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "conversation_id" character varying(100) NOT NULL,
                "user_id" uuid,
                "reason" text NOT NULL,
                "source" character varying(50) NOT NULL DEFAULT 'tool_call',
                "status" character varying(20) NOT NULL DEFAULT 'pending',
                "triggered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "resolved_by" character varying(100),
                "metadata" jsonb NOT NULL DEFAULT '{}'::jsonb,
                CONSTRAINT "ck_escalations_status" CHECK (
                    "status" IN ('pending', 'in_progress', 'resolved')
                ),
                CONSTRAINT "PK_652a394609addaa4b0f2b3032a1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_escalations_conversation_id" ON "escalations" ("conversation_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_escalations_user_id" ON "escalations" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_escalations_status" ON "escalations" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_escalations_triggered_at" ON "escalations" ("triggered_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_escalations_open_conversation" ON "escalations" ("conversation_id")
            WHERE "status" IN ('pending', 'in_progress')
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_escalations_status_triggered" ON "escalations" ("status", "triggered_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "stream_outbox" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "message_type" character varying(100) NOT NULL,
                "ordering_key" character varying(100),
                "envelope" jsonb NOT NULL,
                "position" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "published_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_19d2ea73615e9a4d6ef603d2ca3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_stream_outbox_unpublished" ON "stream_outbox" ("created_at")
            WHERE "published_at" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "conversation_history"
            ADD CONSTRAINT "fk_conversation_history_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "conversation_messages"
            ADD CONSTRAINT "fk_conversation_messages_history" FOREIGN KEY ("conversation_history_id") REFERENCES "conversation_history"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "escalations"
            ADD CONSTRAINT "fk_escalations_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "escalations" DROP CONSTRAINT "fk_escalations_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "conversation_messages" DROP CONSTRAINT "fk_conversation_messages_history"
        `);
    await queryRunner.query(`
            ALTER TABLE "conversation_history" DROP CONSTRAINT "fk_conversation_history_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_stream_outbox_unpublished"
        `);
    await queryRunner.query(`
            DROP TABLE "stream_outbox"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_escalations_status_triggered"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_escalations_open_conversation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_escalations_triggered_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_escalations_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_escalations_user_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_escalations_conversation_id"
        `);
    await queryRunner.query(`
            DROP TABLE "escalations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_conversation_messages_history_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_conversation_messages_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_conversation_messages_reply_to"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_conversation_messages_chatwoot_message_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_conversation_messages_history_id"
        `);
    await queryRunner.query(`
            DROP TABLE "conversation_messages"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_conversation_history_started_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_conversation_history_conversation_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_conversation_history_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "conversation_history"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_users_chatwoot_contact_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_users_phone"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
  }
}
