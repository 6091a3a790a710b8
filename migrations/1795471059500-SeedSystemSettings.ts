import { MigrationInterface, QueryRunner } from 'typeorm';

/** Data: the panic button (`agent_enabled`) and its auto-reply (`agent_disabled_message`). */
export class SeedSystemSettings1795471059500 implements MigrationInterface {
  name = 'SeedSystemSettings1795471059500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "system_settings" ("key", "value", "value_type", "description", "is_mutable")
       VALUES
         ('agent_enabled', 'true', 'boolean',
          'Botón de pánico: false desactiva el asistente y deriva cada conversación a un humano', true),
         ('agent_disabled_message',
          'Disculpa las molestias. En este momento nuestro asistente automático no está disponible. Un miembro de nuestro equipo te atenderá lo antes posible.',
          'string', 'Respuesta automática enviada mientras el asistente está desactivado', true)
       ON CONFLICT ("key") DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "system_settings" WHERE "key" IN ('agent_enabled', 'agent_disabled_message')`,
    );
  }
}
