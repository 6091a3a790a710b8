// Compiled entry point of the migrate command (`node dist/.../cli/migrate.js up|revert|check`).
import '@app/database/cli/migrate';
