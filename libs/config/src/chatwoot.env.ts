import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { EnvClass, IsConnectionUrl } from './validate-env';

/** The variables WithChatwootConnection adds. */
export interface ChatwootConnectionVariables {
  CHATWOOT_API_URL: string;
  CHATWOOT_ACCOUNT_ID: number;
}

/**
 * The Chatwoot connection both processes read (the api for `chatwoot_url` links, the worker to
 * call the REST API): one definition, so both validate `CHATWOOT_API_URL` and
 * `CHATWOOT_ACCOUNT_ID` the same way. Used as `class XEnv extends WithChatwootConnection(Base)`.
 */
export function WithChatwootConnection<T extends EnvClass>(
  Base: T,
): T & EnvClass<ChatwootConnectionVariables> {
  class ChatwootConnectionEnv extends Base {
    @IsConnectionUrl(['http', 'https'])
    CHATWOOT_API_URL: string = 'https://app.chatwoot.com';

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(1_000_000_000)
    CHATWOOT_ACCOUNT_ID: number = 1;
  }
  return ChatwootConnectionEnv;
}

export interface ChatwootConnection {
  /** Without trailing slashes: paths are appended to it. */
  baseUrl: string;
  accountId: number;
}

export function chatwootConnection(env: ChatwootConnectionVariables): ChatwootConnection {
  return { baseUrl: env.CHATWOOT_API_URL.replace(/\/+$/, ''), accountId: env.CHATWOOT_ACCOUNT_ID };
}
