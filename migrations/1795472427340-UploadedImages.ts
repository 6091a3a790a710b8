import { MigrationInterface, QueryRunner } from 'typeorm';

export class UploadedImages1795472427340 implements MigrationInterface {
  name = 'UploadedImages1795472427340';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "uploaded_images" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "filename" character varying(255) NOT NULL,
                "stored_filename" character varying(255) NOT NULL,
                "mime_type" character varying(100) NOT NULL,
                "file_size" integer NOT NULL,
                "width" integer,
                "height" integer,
                "category" character varying(50),
                "description" character varying(500),
                "uploaded_by" character varying(100),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_37f0f1866d702a0ac47830c2858" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_uploaded_images_stored_filename" ON "uploaded_images" ("stored_filename")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_uploaded_images_category" ON "uploaded_images" ("category")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_uploaded_images_created_at" ON "uploaded_images" ("created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_uploaded_images_created_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_uploaded_images_category"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_uploaded_images_stored_filename"
        `);
    await queryRunner.query(`
            DROP TABLE "uploaded_images"
        `);
  }
}
