import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases, their images and per-element data (issue 7). One active case per conversation is a
 * partial unique index; category_id / tariff_tier_id get their foreign keys once the tariff
 * catalogue tables exist.
 */

export class CasesAndImages1795473481889 implements MigrationInterface {
  name = 'CasesAndImages1795473481889';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "cases" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "conversation_id" character varying(100) NOT NULL,
                "user_id" uuid,
                "status" character varying(30) NOT NULL DEFAULT 'collecting',
                "vehiculo_marca" character varying(100),
                "vehiculo_modelo" character varying(100),
                "vehiculo_anio" integer,
                "vehiculo_matricula" character varying(20),
                "vehiculo_bastidor" character varying(50),
                "category_id" uuid,
                "element_codes" jsonb NOT NULL DEFAULT '[]',
                "tariff_tier_id" uuid,
                "tariff_amount" numeric(10, 2),
                "itv_nombre" character varying(200),
                "taller_propio" boolean NOT NULL DEFAULT false,
                "taller_nombre" character varying(200),
                "taller_responsable" character varying(200),
                "taller_domicilio" character varying(255),
                "taller_provincia" character varying(100),
                "taller_ciudad" character varying(100),
                "taller_telefono" character varying(20),
                "taller_registro_industrial" character varying(50),
                "taller_actividad" character varying(200),
                "cambio_plazas" boolean,
                "plazas_iniciales" integer,
                "plazas_finales" integer,
                "cambio_altura" boolean,
                "altura_final" double precision,
                "cambio_ancho" boolean,
                "ancho_final" double precision,
                "cambio_longitud" boolean,
                "longitud_final" double precision,
                "escalation_id" uuid,
                "notes" text,
                "metadata" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "resolved_by" character varying(100),
                CONSTRAINT "ck_cases_status" CHECK (
                    "status" IN (
                        'collecting',
                        'pending_images',
                        'pending_review',
                        'in_progress',
                        'resolved',
                        'cancelled',
                        'abandoned'
                    )
                ),
                CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_conversation_id" ON "cases" ("conversation_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_status" ON "cases" ("status")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_cases_escalation_id" ON "cases" ("escalation_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_cases_active_conversation" ON "cases" ("conversation_id")
            WHERE "status" IN (
                    'collecting',
                    'pending_images',
                    'pending_review',
                    'in_progress'
                )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_user_status" ON "cases" ("user_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_status_created" ON "cases" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_element_data" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "element_code" character varying(50) NOT NULL,
                "status" character varying(30) NOT NULL DEFAULT 'pending_photos',
                "field_values" jsonb NOT NULL DEFAULT '{}',
                "photos_completed_at" TIMESTAMP WITH TIME ZONE,
                "data_completed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_case_element_data_status" CHECK (
                    "status" IN ('pending_photos', 'pending_data', 'completed')
                ),
                CONSTRAINT "PK_ead20bffd87a0caecf582460f30" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_case_element_data_case_status" ON "case_element_data" ("case_id", "status")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_case_element_data_case_element" ON "case_element_data" ("case_id", "element_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_images" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "stored_filename" character varying(255) NOT NULL,
                "original_filename" character varying(255),
                "mime_type" character varying(100) NOT NULL DEFAULT 'image/jpeg',
                "file_size" integer,
                "display_name" character varying(255) NOT NULL,
                "description" text,
                "element_code" character varying(50),
                "image_type" character varying(50) NOT NULL DEFAULT 'documentation',
                "chatwoot_message_id" integer,
                "chatwoot_attachment_id" integer,
                "is_valid" boolean,
                "validation_notes" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d92f8f7aa914b9f0ef3a71a3ba9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_case_images_stored_filename" ON "case_images" ("stored_filename")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_case_images_chatwoot_message_id" ON "case_images" ("chatwoot_message_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_case_images_chatwoot_attachment_id" ON "case_images" ("chatwoot_attachment_id")
            WHERE "chatwoot_attachment_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_case_images_case_created" ON "case_images" ("case_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_escalation" FOREIGN KEY ("escalation_id") REFERENCES "escalations"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_element_data"
            ADD CONSTRAINT "fk_case_element_data_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_images"
            ADD CONSTRAINT "fk_case_images_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "case_images" DROP CONSTRAINT "fk_case_images_case"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_element_data" DROP CONSTRAINT "fk_case_element_data_case"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_escalation"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_case_images_case_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_case_images_chatwoot_attachment_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_case_images_chatwoot_message_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_case_images_stored_filename"
        `);
    await queryRunner.query(`
            DROP TABLE "case_images"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_case_element_data_case_element"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_case_element_data_case_status"
        `);
    await queryRunner.query(`
            DROP TABLE "case_element_data"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_status_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_user_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_cases_active_conversation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_cases_escalation_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_conversation_id"
        `);
    await queryRunner.query(`
            DROP TABLE "cases"
        `);
  }
}
