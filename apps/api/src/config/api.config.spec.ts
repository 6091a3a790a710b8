import { loadApiConfig } from './api.config';

const SECRET = 'x'.repeat(32);

describe('loadApiConfig', () => {
  it('builds a typed config with the documented defaults', () => {
    const config = loadApiConfig({ ADMIN_JWT_SECRET: SECRET });
    expect(config.port).toBe(8000);
    expect(config.jwt).toEqual({
      secret: SECRET,
      accessTtlSeconds: 28800,
      shortAccessTtlSeconds: 900,
      refreshTtlSeconds: 14 * 24 * 3600,
    });
    expect(config.bcryptCost).toBe(12);
    expect(config.loginThrottle).toEqual({
      maxFailuresPerUsername: 5,
      maxFailuresPerIp: 20,
      windowSeconds: 900,
    });
    expect(config.bootstrapAdmin).toEqual({
      username: 'admin',
      password: null,
      passwordHash: null,
    });
    expect(config.corsOrigins).toEqual(['http://localhost:8001', 'http://localhost:3000']);
    expect(config.bodyLimit).toBe('2mb');
    expect(config.swaggerEnabled).toBe(true);
    expect(config.metricsToken).toBeNull();
    expect(config.serviceName).toBe('api');
  });

  it('requires a JWT secret of at least 32 characters', () => {
    expect(() => loadApiConfig({})).toThrow(/ADMIN_JWT_SECRET/);
    expect(() => loadApiConfig({ ADMIN_JWT_SECRET: 'x'.repeat(31) })).toThrow(
      /ADMIN_JWT_SECRET must be at least 32 characters/,
    );
  });

  it('validates the business time zone (default Europe/Madrid)', () => {
    expect(loadApiConfig({ ADMIN_JWT_SECRET: SECRET }).timeZone).toBe('Europe/Madrid');
    expect(loadApiConfig({ ADMIN_JWT_SECRET: SECRET, TIMEZONE: 'America/New_York' }).timeZone).toBe(
      'America/New_York',
    );
    expect(() => loadApiConfig({ ADMIN_JWT_SECRET: SECRET, TIMEZONE: 'Mars/Olympus' })).toThrow(
      /TIMEZONE must be an IANA time zone/,
    );
  });

  it('parses booleans and lists', () => {
    const config = loadApiConfig({
      ADMIN_JWT_SECRET: SECRET,
      SWAGGER_ENABLED: 'false',
      CORS_ORIGINS: 'https://admin.example.com',
    });
    expect(config.swaggerEnabled).toBe(false);
    expect(config.corsOrigins).toEqual(['https://admin.example.com']);
  });

  it('validates the bootstrap admin credentials', () => {
    expect(() => loadApiConfig({ ADMIN_JWT_SECRET: SECRET, ADMIN_PASSWORD: 'short' })).toThrow(
      /ADMIN_PASSWORD must be at least 8 characters/,
    );
    expect(() =>
      loadApiConfig({ ADMIN_JWT_SECRET: SECRET, ADMIN_PASSWORD_HASH: 'plaintext-password' }),
    ).toThrow(/ADMIN_PASSWORD_HASH must be a bcrypt hash/);
    expect(() => loadApiConfig({ ADMIN_JWT_SECRET: SECRET, ADMIN_USERNAME: 'bad name!' })).toThrow(
      /ADMIN_USERNAME/,
    );
    const config = loadApiConfig({
      ADMIN_JWT_SECRET: SECRET,
      ADMIN_USERNAME: 'Boss_1',
      ADMIN_PASSWORD: 'long-enough-password',
    });
    expect(config.bootstrapAdmin).toEqual({
      username: 'boss_1',
      password: 'long-enough-password',
      passwordHash: null,
    });
  });

  it('rejects a malformed body limit', () => {
    expect(() => loadApiConfig({ ADMIN_JWT_SECRET: SECRET, BODY_LIMIT: 'huge' })).toThrow(
      /BODY_LIMIT/,
    );
  });
});
