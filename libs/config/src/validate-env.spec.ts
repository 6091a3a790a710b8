import { CommonEnv } from './common.env';
import { ConfigValidationError, splitList, validateEnv } from './validate-env';

describe('validateEnv', () => {
  it('applies defaults and converts numbers', () => {
    const env = validateEnv(CommonEnv, { DATABASE_POOL_MAX: '7' });
    expect(env.DATABASE_POOL_MAX).toBe(7);
    expect(env.NODE_ENV).toBe('development');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
  });

  it('treats empty strings as unset', () => {
    expect(validateEnv(CommonEnv, { LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });

  it('names every invalid variable in one message', () => {
    try {
      validateEnv(CommonEnv, {
        DATABASE_URL: 'http://x/db',
        DATABASE_POOL_MAX: 'lots',
        NODE_ENV: 'prod',
      });
      throw new Error('expected a ConfigValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid configuration: /);
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('DATABASE_POOL_MAX');
      expect(message).toContain('NODE_ENV');
      expect(message).not.toContain('\n');
    }
  });

  it.each(['postgres://host/db', 'postgresql://u:p@host:5432/db?sslmode=require'])(
    'accepts the database URL %s',
    (url) => {
      expect(validateEnv(CommonEnv, { DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );

  it.each(['postgres://host', 'postgres://host/', 'not a url', 'redis://host/db'])(
    'rejects the database URL %s',
    (url) => {
      expect(() => validateEnv(CommonEnv, { DATABASE_URL: url })).toThrow(/DATABASE_URL/);
    },
  );

  it('rejects a key prefix with spaces', () => {
    expect(() => validateEnv(CommonEnv, { REDIS_KEY_PREFIX: 'a b' })).toThrow(/REDIS_KEY_PREFIX/);
  });
});

describe('splitList', () => {
  it('trims and drops empty items', () => {
    expect(splitList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toEqual([]);
  });
});
