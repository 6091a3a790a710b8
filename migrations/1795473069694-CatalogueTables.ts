import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tariff catalogue: categories, tiers, base documentation, elements with variants, images and
 * required fields, tier inclusions, warnings and their element associations, additional
 * services, prompt sections. Named constraints; partial unique indexes make
 * duplicate inclusions a 409; show_condition allows the one shared set of values.
 */
export class CatalogueTables1795473069694 implements MigrationInterface {
  name = 'CatalogueTables1795473069694';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "vehicle_categories" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" character varying(50) NOT NULL,
                "name" character varying(100) NOT NULL,
                "client_type" character varying(20) NOT NULL,
                "description" text,
                "icon" character varying(50),
                "is_active" boolean NOT NULL DEFAULT true,
                "sort_order" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_vehicle_categories_client_type" CHECK ("client_type" IN ('particular', 'professional')),
                CONSTRAINT "PK_204299912911cf175dd14b3ff78" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_vehicle_categories_slug" ON "vehicle_categories" ("slug")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_vehicle_categories_client_type" ON "vehicle_categories" ("client_type")
        `);
    await queryRunner.query(`
            CREATE TABLE "additional_services" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "category_id" uuid,
                "code" character varying(50) NOT NULL,
                "name" character varying(150) NOT NULL,
                "description" text,
                "price" numeric(10, 2) NOT NULL,
                "is_active" boolean NOT NULL DEFAULT true,
                "sort_order" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_additional_services_price" CHECK ("price" >= 0),
                CONSTRAINT "PK_3bdbcd5acd1a5229dfb92261667" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_additional_services_category" ON "additional_services" ("category_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "base_documentation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "category_id" uuid NOT NULL,
                "description" text NOT NULL,
                "image_url" character varying(500),
                "sort_order" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_257058e29c7edb274afad606462" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_base_documentation_category" ON "base_documentation" ("category_id", "sort_order")
        `);
    await queryRunner.query(`
            CREATE TABLE "elements" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "category_id" uuid NOT NULL,
                "code" character varying(50) NOT NULL,
                "name" character varying(200) NOT NULL,
                "description" text,
                "keywords" jsonb NOT NULL,
                "aliases" jsonb NOT NULL,
                "is_active" boolean NOT NULL DEFAULT true,
                "sort_order" integer NOT NULL DEFAULT '0',
                "parent_element_id" uuid,
                "variant_type" character varying(50),
                "variant_code" character varying(50),
                "question_hint" character varying(500),
                "multi_select_keywords" jsonb NOT NULL,
                "inherit_parent_data" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8ddc95518584d13bd838fe99a77" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_elements_parent" ON "elements" ("parent_element_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_elements_category_active" ON "elements" ("category_id", "is_active")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_category_element_code" ON "elements" ("category_id", "code")
        `);
    await queryRunner.query(`
            CREATE TABLE "element_images" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "element_id" uuid NOT NULL,
                "image_url" character varying(500) NOT NULL,
                "image_type" character varying(50) NOT NULL DEFAULT 'example',
                "title" character varying(200),
                "description" text,
                "sort_order" integer NOT NULL DEFAULT '0',
                "is_required" boolean NOT NULL DEFAULT false,
                "status" character varying(20) NOT NULL DEFAULT 'placeholder',
                "validated_at" TIMESTAMP WITH TIME ZONE,
                "user_instruction" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_element_images_status" CHECK (
                    "status" IN ('active', 'placeholder', 'unavailable')
                ),
                CONSTRAINT "ck_element_images_type" CHECK (
                    "image_type" IN (
                        'example',
                        'required_document',
                        'warning',
                        'step',
                        'calculation'
                    )
                ),
                CONSTRAINT "PK_24769e369680b8797ae2ddc6bc3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_element_images_element_type" ON "element_images" ("element_id", "image_type")
        `);
    await queryRunner.query(`
            CREATE TABLE "element_required_fields" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "element_id" uuid NOT NULL,
                "field_key" character varying(50) NOT NULL,
                "field_label" character varying(200) NOT NULL,
                "field_type" character varying(20) NOT NULL DEFAULT 'text',
                "options" jsonb,
                "is_required" boolean NOT NULL DEFAULT true,
                "validation_rules" jsonb,
                "example_value" character varying(200),
                "llm_instruction" text,
                "condition_field_id" uuid,
                "condition_operator" character varying(20),
                "condition_value" character varying(200),
                "sort_order" integer NOT NULL DEFAULT '0',
                "is_active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_element_required_fields_not_self" CHECK (
                    "condition_field_id" IS NULL
                    OR "condition_field_id" <> "id"
                ),
                CONSTRAINT "ck_element_required_fields_operator" CHECK (
                    "condition_operator" IS NULL
                    OR "condition_operator" IN ('equals', 'not_equals', 'exists', 'not_exists')
                ),
                CONSTRAINT "ck_element_required_fields_type" CHECK (
                    "field_type" IN ('text', 'number', 'boolean', 'select')
                ),
                CONSTRAINT "PK_444ecfb1027825860b80db99400" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_element_required_fields_active" ON "element_required_fields" ("element_id", "is_active")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_element_required_fields_key" ON "element_required_fields" ("element_id", "field_key")
        `);
    await queryRunner.query(`
            CREATE TABLE "tariff_tiers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "category_id" uuid NOT NULL,
                "code" character varying(20) NOT NULL,
                "name" character varying(100) NOT NULL,
                "description" text,
                "price" numeric(10, 2) NOT NULL,
                "conditions" text,
                "classification_rules" jsonb,
                "min_elements" integer,
                "max_elements" integer,
                "sort_order" integer NOT NULL DEFAULT '0',
                "is_active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_tariff_tiers_element_range" CHECK (
                    "min_elements" IS NULL
                    OR "max_elements" IS NULL
                    OR "max_elements" >= "min_elements"
                ),
                CONSTRAINT "ck_tariff_tiers_price" CHECK ("price" >= 0),
                CONSTRAINT "PK_819c2d66907b5cfbffdff0b452e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_category_tier_code" ON "tariff_tiers" ("category_id", "code")
        `);
    await queryRunner.query(`
            CREATE TABLE "warnings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(50) NOT NULL,
                "message" text NOT NULL,
                "severity" character varying(20) NOT NULL DEFAULT 'warning',
                "category_id" uuid,
                "tier_id" uuid,
                "element_id" uuid,
                "trigger_conditions" jsonb,
                "is_active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_warnings_severity" CHECK ("severity" IN ('info', 'warning', 'error')),
                CONSTRAINT "ck_warning_scope_exclusive" CHECK (
                    (
                        ("category_id" IS NOT NULL)::int + ("tier_id" IS NOT NULL)::int + ("element_id" IS NOT NULL)::int
                    ) <= 1
                ),
                CONSTRAINT "PK_90d86ac75b7dcd1e29e9755e78e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_warnings_code" ON "warnings" ("code")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_warnings_category" ON "warnings" ("category_id")
            WHERE "category_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_warnings_tier" ON "warnings" ("tier_id")
            WHERE "tier_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_warnings_element" ON "warnings" ("element_id")
            WHERE "element_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "element_warning_associations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "element_id" uuid NOT NULL,
                "warning_id" uuid NOT NULL,
                "show_condition" character varying(50) NOT NULL,
                "threshold_quantity" integer,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_element_warning_threshold" CHECK (
                    "threshold_quantity" IS NULL
                    OR "threshold_quantity" >= 0
                ),
                CONSTRAINT "ck_element_warning_show_condition" CHECK (
                    "show_condition" IN (
                        'always',
                        'if_selected',
                        'on_exceed_max',
                        'on_below_min'
                    )
                ),
                CONSTRAINT "PK_c09895f25d4bcca82954dbdce5b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_element_warning_associations_warning" ON "element_warning_associations" ("warning_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_element_warning" ON "element_warning_associations" ("element_id", "warning_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "tariff_prompt_sections" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "category_id" uuid NOT NULL,
                "section_type" character varying(50) NOT NULL,
                "content" text NOT NULL,
                "is_active" boolean NOT NULL DEFAULT true,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_tariff_prompt_sections_type" CHECK (
                    "section_type" IN (
                        'algorithm',
                        'recognition_table',
                        'special_cases',
                        'footer'
                    )
                ),
                CONSTRAINT "PK_09d9a90f17a493e2e44c8ddb716" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_prompt_section_category_type" ON "tariff_prompt_sections" ("category_id", "section_type")
        `);
    await queryRunner.query(`
            CREATE TABLE "tier_element_inclusions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tier_id" uuid NOT NULL,
                "element_id" uuid,
                "included_tier_id" uuid,
                "min_quantity" integer,
                "max_quantity" integer,
                "notes" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_tier_inclusion_not_self" CHECK (
                    "included_tier_id" IS NULL
                    OR "included_tier_id" <> "tier_id"
                ),
                CONSTRAINT "ck_tier_inclusion_quantities" CHECK (
                    (
                        "min_quantity" IS NULL
                        OR "min_quantity" >= 0
                    )
                    AND (
                        "max_quantity" IS NULL
                        OR "max_quantity" >= 0
                    )
                    AND (
                        "min_quantity" IS NULL
                        OR "max_quantity" IS NULL
                        OR "max_quantity" >= "min_quantity"
                    )
                ),
                CONSTRAINT "ck_tier_inclusion_xor" CHECK (
                    (
                        "element_id" IS NOT NULL
                        AND "included_tier_id" IS NULL
                    )
                    OR (
                        "element_id" IS NULL
                        AND "included_tier_id" IS NOT NULL
                    )
                ),
                CONSTRAINT "PK_30df4bba971b6e3f6e27875db2b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tier_inclusion_tier" ON "tier_element_inclusions" ("tier_id", "included_tier_id")
            WHERE "included_tier_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tier_inclusion_element" ON "tier_element_inclusions" ("tier_id", "element_id")
            WHERE "element_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_tier_element_inclusions_tier" ON "tier_element_inclusions" ("tier_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "additional_services"
            ADD CONSTRAINT "fk_additional_services_category" FOREIGN KEY ("category_id") REFERENCES "vehicle_categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "base_documentation"
            ADD CONSTRAINT "fk_base_documentation_category" FOREIGN KEY ("category_id") REFERENCES "vehicle_categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "elements"
            ADD CONSTRAINT "fk_elements_category" FOREIGN KEY ("category_id") REFERENCES "vehicle_categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "elements"
            ADD CONSTRAINT "fk_elements_parent" FOREIGN KEY ("parent_element_id") REFERENCES "elements"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "element_images"
            ADD CONSTRAINT "fk_element_images_element" FOREIGN KEY ("element_id") REFERENCES "elements"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "element_required_fields"
            ADD CONSTRAINT "fk_element_required_fields_element" FOREIGN KEY ("element_id") REFERENCES "elements"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "element_required_fields"
            ADD CONSTRAINT "fk_element_required_fields_condition" FOREIGN KEY ("condition_field_id") REFERENCES "element_required_fields"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tariff_tiers"
            ADD CONSTRAINT "fk_tariff_tiers_category" FOREIGN KEY ("category_id") REFERENCES "vehicle_categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "warnings"
            ADD CONSTRAINT "fk_warnings_category" FOREIGN KEY ("category_id") REFERENCES "vehicle_categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "warnings"
            ADD CONSTRAINT "fk_warnings_tier" FOREIGN KEY ("tier_id") REFERENCES "tariff_tiers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "warnings"
            ADD CONSTRAINT "fk_warnings_element" FOREIGN KEY ("element_id") REFERENCES "elements"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "element_warning_associations"
            ADD CONSTRAINT "fk_element_warning_element" FOREIGN KEY ("element_id") REFERENCES "elements"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "element_warning_associations"
            ADD CONSTRAINT "fk_element_warning_warning" FOREIGN KEY ("warning_id") REFERENCES "warnings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tariff_prompt_sections"
            ADD CONSTRAINT "fk_prompt_sections_category" FOREIGN KEY ("category_id") REFERENCES "vehicle_categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_element_inclusions"
            ADD CONSTRAINT "fk_tier_inclusions_tier" FOREIGN KEY ("tier_id") REFERENCES "tariff_tiers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_element_inclusions"
            ADD CONSTRAINT "fk_tier_inclusions_element" FOREIGN KEY ("element_id") REFERENCES "elements"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_element_inclusions"
            ADD CONSTRAINT "fk_tier_inclusions_included_tier" FOREIGN KEY ("included_tier_id") REFERENCES "tariff_tiers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "tier_element_inclusions" DROP CONSTRAINT "fk_tier_inclusions_included_tier"
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_element_inclusions" DROP CONSTRAINT "fk_tier_inclusions_element"
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_element_inclusions" DROP CONSTRAINT "fk_tier_inclusions_tier"
        `);
    await queryRunner.query(`
            ALTER TABLE "tariff_prompt_sections" DROP CONSTRAINT "fk_prompt_sections_category"
        `);
    await queryRunner.query(`
            ALTER TABLE "element_warning_associations" DROP CONSTRAINT "fk_element_warning_warning"
        `);
    await queryRunner.query(`
            ALTER TABLE "element_warning_associations" DROP CONSTRAINT "fk_element_warning_element"
        `);
    await queryRunner.query(`
            ALTER TABLE "warnings" DROP CONSTRAINT "fk_warnings_element"
        `);
    await queryRunner.query(`
            ALTER TABLE "warnings" DROP CONSTRAINT "fk_warnings_tier"
        `);
    await queryRunner.query(`
            ALTER TABLE "warnings" DROP CONSTRAINT "fk_warnings_category"
        `);
    await queryRunner.query(`
            ALTER TABLE "tariff_tiers" DROP CONSTRAINT "fk_tariff_tiers_category"
        `);
    await queryRunner.query(`
            ALTER TABLE "element_required_fields" DROP CONSTRAINT "fk_element_required_fields_condition"
        `);
    await queryRunner.query(`
            ALTER TABLE "element_required_fields" DROP CONSTRAINT "fk_element_required_fields_element"
        `);
    await queryRunner.query(`
            ALTER TABLE "element_images" DROP CONSTRAINT "fk_element_images_element"
        `);
    await queryRunner.query(`
            ALTER TABLE "elements" DROP CONSTRAINT "fk_elements_parent"
        `);
    await queryRunner.query(`
            ALTER TABLE "elements" DROP CONSTRAINT "fk_elements_category"
        `);
    await queryRunner.query(`
            ALTER TABLE "base_documentation" DROP CONSTRAINT "fk_base_documentation_category"
        `);
    await queryRunner.query(`
            ALTER TABLE "additional_services" DROP CONSTRAINT "fk_additional_services_category"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_tier_element_inclusions_tier"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_tier_inclusion_element"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_tier_inclusion_tier"
        `);
    await queryRunner.query(`
            DROP TABLE "tier_element_inclusions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_prompt_section_category_type"
        `);
    await queryRunner.query(`
            DROP TABLE "tariff_prompt_sections"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_element_warning"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_element_warning_associations_warning"
        `);
    await queryRunner.query(`
            DROP TABLE "element_warning_associations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_warnings_element"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_warnings_tier"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_warnings_category"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_warnings_code"
        `);
    await queryRunner.query(`
            DROP TABLE "warnings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_category_tier_code"
        `);
    await queryRunner.query(`
            DROP TABLE "tariff_tiers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_element_required_fields_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_element_required_fields_active"
        `);
    await queryRunner.query(`
            DROP TABLE "element_required_fields"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_element_images_element_type"
        `);
    await queryRunner.query(`
            DROP TABLE "element_images"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_category_element_code"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_elements_category_active"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_elements_parent"
        `);
    await queryRunner.query(`
            DROP TABLE "elements"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_base_documentation_category"
        `);
    await queryRunner.query(`
            DROP TABLE "base_documentation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_additional_services_category"
        `);
    await queryRunner.query(`
            DROP TABLE "additional_services"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_vehicle_categories_client_type"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_vehicle_categories_slug"
        `);
    await queryRunner.query(`
            DROP TABLE "vehicle_categories"
        `);
  }
}
