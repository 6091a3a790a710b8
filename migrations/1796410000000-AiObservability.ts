import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * AI observability: tool-call logs, monthly token usage per model, one row per LLM call, and
 * response constraints, seeded with the four global guards on the assistant's replies.
 */

interface SeedConstraint {
  constraintType: string;
  priority: number;
  detectionPattern: string;
  requiredTool: string;
  errorInjection: string;
}

// Patterns are JavaScript regular expressions, matched case-insensitively, with no nested
// quantifiers (they run on every reply).
const SEED_CONSTRAINTS: SeedConstraint[] = [
  {
    constraintType: 'price_requires_tool',
    priority: 100,
    detectionPattern:
      '\\d(?:[.,]\\d{1,3})?\\s?(?:€|euros?\\b|eur\\b)|€\\s?\\d|\\+\\s?iva\\b|presupuesto\\D{0,40}\\d',
    requiredTool: 'calculate_quote',
    errorInjection:
      'Your reply states a price or an amount of money, but calculate_quote was not used in ' +
      'this turn. Never state prices from memory: call calculate_quote and give only the ' +
      'amounts it returns (prices exclude VAT).',
  },
  {
    constraintType: 'images_narration_blocked',
    priority: 95,
    detectionPattern:
      '(?:te\\s(?:env[ií]o|mando|adjunto|paso|comparto)|aqu[ií]\\s(?:tienes|van|te\\sdejo)|a\\scontinuaci[oó]n\\ste\\s(?:env[ií]o|muestro))\\s(?:unas?\\s|las\\s|algunas\\s)?(?:fotos?|fotograf[ií]as?|im[aá]genes|ejemplos?)',
    requiredTool: 'send_example_images',
    errorInjection:
      'Your reply says that images are being sent, but send_example_images was not used in ' +
      'this turn. Either call send_example_images or do not mention sending images.',
  },
  {
    constraintType: 'variant_requires_tool',
    priority: 90,
    detectionPattern:
      'delanter[oa]s?\\so\\straser[oa]s?|traser[oa]s?\\so\\sdelanter[oa]s?|con\\so\\ssin\\s\\w|(?:qu[eé]|cu[aá]l)\\s(?:variante|versi[oó]n|posici[oó]n|tipo\\sde\\sinstalaci[oó]n)',
    requiredTool: 'calculate_quote|choose_variant',
    errorInjection:
      'Your reply asks the customer to choose a variant, but neither calculate_quote nor ' +
      'choose_variant was used in this turn. Only ask about the variants the catalogue ' +
      'returns: call calculate_quote (or choose_variant with the answer) first.',
  },
  {
    constraintType: 'docs_from_tool_only',
    priority: 80,
    detectionPattern:
      '(?:necesitar[aá]s|hace\\sfalta|har[aá]\\sfalta|deber[aá]s\\s(?:aportar|presentar)|tendr[aá]s\\sque\\s(?:aportar|presentar))\\s(?:\\w{1,6}\\s)?(?:certificado|ficha\\st[eé]cnica|proyecto|informe|documentaci[oó]n|homologaci[oó]n)',
    requiredTool: 'calculate_quote|element_documentation',
    errorInjection:
      'Your reply lists documents or certificates, but neither calculate_quote nor ' +
      'element_documentation was used in this turn. Take documentation requirements only ' +
      'from those tools.',
  },
];

export class AiObservability1796410000000 implements MigrationInterface {
  name = 'AiObservability1796410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "tool_call_logs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "conversation_id" character varying(100) NOT NULL,
                "tool_name" character varying(100) NOT NULL,
                "parameters" jsonb,
                "result_summary" character varying(500),
                "result_type" character varying(20) NOT NULL,
                "error_message" text,
                "execution_time_ms" integer,
                "iteration" integer NOT NULL DEFAULT '0',
                "source" character varying(10) NOT NULL DEFAULT 'engine',
                "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_tool_call_logs_source" CHECK ("source" IN ('engine', 'llm')),
                CONSTRAINT "ck_tool_call_logs_result_type" CHECK ("result_type" IN ('success', 'error', 'blocked')),
                CONSTRAINT "PK_bc40b685c4ed8d061b30c61335b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(
      `CREATE INDEX "ix_tool_call_logs_timestamp" ON "tool_call_logs" ("timestamp")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_tool_call_logs_tool_timestamp" ON "tool_call_logs" ("tool_name", "timestamp")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_tool_call_logs_conversation_timestamp" ON "tool_call_logs" ("conversation_id", "timestamp")`,
    );
    await queryRunner.query(`
            CREATE TABLE "token_usage" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "year" integer NOT NULL,
                "month" integer NOT NULL,
                "model" character varying(100) NOT NULL,
                "input_tokens" bigint NOT NULL DEFAULT '0',
                "output_tokens" bigint NOT NULL DEFAULT '0',
                "total_requests" integer NOT NULL DEFAULT '0',
                "cost_input_usd" numeric(14,6) NOT NULL DEFAULT '0',
                "cost_output_usd" numeric(14,6) NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_token_usage_year_month_model" UNIQUE ("year", "month", "model"),
                CONSTRAINT "ck_token_usage_month" CHECK ("month" BETWEEN 1 AND 12),
                CONSTRAINT "PK_b85b17103d77d9695632654729d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "llm_usage_metrics" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "conversation_id" character varying(100),
                "task_type" character varying(50) NOT NULL,
                "provider" character varying(30) NOT NULL,
                "model" character varying(100) NOT NULL,
                "latency_ms" integer NOT NULL,
                "input_tokens" integer NOT NULL DEFAULT '0',
                "output_tokens" integer NOT NULL DEFAULT '0',
                "success" boolean NOT NULL,
                "error" character varying(1000),
                "fallback_used" boolean NOT NULL DEFAULT false,
                "estimated_cost_usd" numeric(12,6) NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_18965914b3c8a8f46358fb352dc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(
      `CREATE INDEX "ix_llm_usage_metrics_provider_success" ON "llm_usage_metrics" ("provider", "success")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_llm_usage_metrics_task_type_created" ON "llm_usage_metrics" ("task_type", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_llm_usage_metrics_created_at" ON "llm_usage_metrics" ("created_at")`,
    );
    await queryRunner.query(`
            CREATE TABLE "response_constraints" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "category_id" uuid,
                "constraint_type" character varying(50) NOT NULL,
                "detection_pattern" character varying(500) NOT NULL,
                "required_tool" character varying(200) NOT NULL,
                "error_injection" text NOT NULL,
                "is_active" boolean NOT NULL DEFAULT true,
                "priority" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_69641b15654576236acf7f15fbe" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(
      `CREATE INDEX "ix_response_constraints_active_priority" ON "response_constraints" ("is_active", "priority")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_response_constraints_category" ON "response_constraints" ("category_id")`,
    );
    await queryRunner.query(`
            ALTER TABLE "response_constraints"
            ADD CONSTRAINT "fk_response_constraints_category" FOREIGN KEY ("category_id")
            REFERENCES "vehicle_categories"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    for (const seed of SEED_CONSTRAINTS) {
      await queryRunner.query(
        `INSERT INTO "response_constraints"
           ("category_id", "constraint_type", "detection_pattern", "required_tool", "error_injection", "is_active", "priority")
         VALUES (NULL, $1, $2, $3, $4, true, $5)`,
        [
          seed.constraintType,
          seed.detectionPattern,
          seed.requiredTool,
          seed.errorInjection,
          seed.priority,
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "response_constraints"`);
    await queryRunner.query(`DROP TABLE "llm_usage_metrics"`);
    await queryRunner.query(`DROP TABLE "token_usage"`);
    await queryRunner.query(`DROP TABLE "tool_call_logs"`);
  }
}
