import { loadApiConfig } from './api.config';

const SECRET = 'x'.repeat(32);

describe('loadApiConfig', () => {
  it('builds a typed config with the documented defaults', () => {
    const config = loadApiConfig({ ADMIN_JWT_SECRET: SECRET });
    expect(config.port).toBe(8000);
    expect(config.jwt).toEqual({ secret: SECRET, accessTtlSeconds: 28800 });
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

  it('parses booleans and lists', () => {
    const config = loadApiConfig({
      ADMIN_JWT_SECRET: SECRET,
      SWAGGER_ENABLED: 'false',
      CORS_ORIGINS: 'https://admin.example.com',
    });
    expect(config.swaggerEnabled).toBe(false);
    expect(config.corsOrigins).toEqual(['https://admin.example.com']);
  });

  it('rejects a malformed body limit', () => {
    expect(() => loadApiConfig({ ADMIN_JWT_SECRET: SECRET, BODY_LIMIT: 'huge' })).toThrow(
      /BODY_LIMIT/,
    );
  });
});
