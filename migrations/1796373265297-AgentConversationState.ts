import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer agent: one state row per conversation (optimistic version) and, on each stored
 * customer message, when a turn took it (so no message is answered twice).
 */

export class AgentConversationState1796373265297 implements MigrationInterface {
  name = 'AgentConversationState1796373265297';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "agent_conversation_states" (
                "conversation_id" character varying(100) NOT NULL,
                "state" jsonb NOT NULL,
                "step" character varying(40) NOT NULL,
                "case_id" uuid,
                "version" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_30cd7cae49f1ffc5942a90b94e1" PRIMARY KEY ("conversation_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_agent_conversation_states_step" ON "agent_conversation_states" ("step")
        `);
    await queryRunner.query(`
            ALTER TABLE "conversation_messages"
            ADD "agent_turn_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "conversation_messages" DROP COLUMN "agent_turn_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_agent_conversation_states_step"
        `);
    await queryRunner.query(`
            DROP TABLE "agent_conversation_states"
        `);
  }
}
