/**
 * Runs the local Chatwoot stand-in (`npm run chat:standin`; ./scripts/start.sh starts it when
 * no real Chatwoot is configured). Reads the same variables as the api and the worker, so all
 * three agree on the token, the webhook path and the ports.
 */
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { readProcessEnv } from '@app/config/process-env';
import { validateEnv } from '@app/config/validate-env';
import { DEFAULT_STANDIN_PORT } from './protocol';
import { ChatwootStandIn } from './standin';

const Port = (): PropertyDecorator => {
  const decorators = [Type(() => Number), IsInt(), Min(1), Max(65535)];
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
};

class StandInEnv {
  @Port()
  CHATWOOT_STANDIN_PORT: number = DEFAULT_STANDIN_PORT;

  @IsString()
  @MinLength(1, { message: 'CHATWOOT_API_TOKEN must be set (the token the stand-in accepts)' })
  CHATWOOT_API_TOKEN: string;

  @IsString()
  @MinLength(16, { message: 'CHATWOOT_WEBHOOK_TOKEN must be set (at least 16 characters)' })
  CHATWOOT_WEBHOOK_TOKEN: string;

  @IsOptional()
  @IsString()
  CHATWOOT_WEBHOOK_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  CHATWOOT_ACCOUNT_ID: number = 1;

  /** The api's port: webhooks go to http://127.0.0.1:PORT/webhook/chatwoot/{token}. */
  @Port()
  PORT: number = 8000;

  @Port()
  WORKER_HTTP_PORT: number = 9100;
}

async function main(): Promise<void> {
  const env = validateEnv(StandInEnv, readProcessEnv());
  const api = `http://127.0.0.1:${env.PORT}`;
  const standIn = await new ChatwootStandIn({
    apiToken: env.CHATWOOT_API_TOKEN,
    accountId: env.CHATWOOT_ACCOUNT_ID,
    webhookUrl: `${api}/webhook/chatwoot/${env.CHATWOOT_WEBHOOK_TOKEN}`,
    webhookSecret: env.CHATWOOT_WEBHOOK_SECRET ?? null,
    port: env.CHATWOOT_STANDIN_PORT,
    health: { api: `${api}/health`, worker: `http://127.0.0.1:${env.WORKER_HTTP_PORT}/health` },
  }).start();
  console.log(
    `[chat-standin] local Chatwoot stand-in on ${standIn.url}, webhooks to ${api}; chat with: npm run chat`,
  );
  const stop = (): void => {
    void standIn.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[chat-standin] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
