import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases point into the tariff catalogue once it exists: category and tier foreign keys with
 * ON DELETE SET NULL (the case keeps its amount and element codes).
 */

export class CaseCatalogueLinks1795474482172 implements MigrationInterface {
  name = 'CaseCatalogueLinks1795474482172';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "ix_cases_category_id" ON "cases" ("category_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_tariff_tier_id" ON "cases" ("tariff_tier_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_category" FOREIGN KEY ("category_id") REFERENCES "vehicle_categories"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_tariff_tier" FOREIGN KEY ("tariff_tier_id") REFERENCES "tariff_tiers"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_tariff_tier"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_category"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_tariff_tier_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_category_id"
        `);
  }
}
