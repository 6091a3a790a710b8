import { chatwootConnection, WithChatwootConnection } from './chatwoot.env';
import { CommonEnv } from './common.env';
import { validateEnv } from './validate-env';

class TestEnv extends WithChatwootConnection(CommonEnv) {}

describe('WithChatwootConnection', () => {
  it('defaults to the Chatwoot cloud and account 1', () => {
    const env = validateEnv(TestEnv, {});
    expect(chatwootConnection(env)).toEqual({
      baseUrl: 'https://app.chatwoot.com',
      accountId: 1,
    });
  });

  it('strips trailing slashes and parses the account id', () => {
    const env = validateEnv(TestEnv, {
      CHATWOOT_API_URL: 'http://127.0.0.1:3100//',
      CHATWOOT_ACCOUNT_ID: '7',
    });
    expect(chatwootConnection(env)).toEqual({ baseUrl: 'http://127.0.0.1:3100', accountId: 7 });
  });

  it('refuses a non-http URL and an account id out of range', () => {
    expect(() => validateEnv(TestEnv, { CHATWOOT_API_URL: 'ftp://x' })).toThrow(/CHATWOOT_API_URL/);
    expect(() => validateEnv(TestEnv, { CHATWOOT_ACCOUNT_ID: '0' })).toThrow(/CHATWOOT_ACCOUNT_ID/);
  });
});
