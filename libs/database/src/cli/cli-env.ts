import { CommonEnv, readProcessEnv, validateEnv } from '@app/config';

/** The database URL for command-line tools (migrate, seed, typeorm CLI), validated like the apps'. */
export const cliDatabaseUrl = (): string => validateEnv(CommonEnv, readProcessEnv()).DATABASE_URL;
