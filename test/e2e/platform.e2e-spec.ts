import { Body, Controller, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import request from 'supertest';
import { Public } from '../../apps/api/src/auth/public.decorator';
import { bootApi, TestApi } from '../support/api';

class EchoDto {
  @IsString()
  name: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count: number;
}

@Public()
@Controller('__test')
class EchoController {
  @Post('echo')
  public echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Post('boom')
  public boom(): never {
    throw new Error('secret internal detail: password=hunter2');
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const expectErrorShape = (body: Record<string, unknown>, category: string): void => {
  expect(body).toMatchObject({ success: false, error_category: category, context: null });
  expect(typeof body.error).toBe('string');
  expect(body.error).toBe(body.message);
  expect(typeof body.error_code).toBe('string');
  expect(typeof body.log_ref).toBe('string');
  expect(body).toHaveProperty('guidance');
};

describe('platform (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await bootApi({ imports: [EchoModule] });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('GET /health reports both dependencies healthy', async () => {
    const res = await request(api.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'healthy',
      service: 'api',
      redis: 'healthy',
      postgres: 'healthy',
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a sane incoming X-Request-Id and replaces a hostile one', async () => {
    const server = api.app.getHttpServer();
    const kept = await request(server).get('/health').set('X-Request-Id', 'proxy-req-12345678');
    expect(kept.headers['x-request-id']).toBe('proxy-req-12345678');
    const replaced = await request(server).get('/health').set('X-Request-Id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).not.toContain('script');
  });

  it('GET / returns the banner', async () => {
    const res = await request(api.app.getHttpServer()).get('/').expect(200);
    expect(res.body).toMatchObject({ version: '1.0.0', health: '/health' });
  });

  it('an unknown route answers 404 in the error shape', async () => {
    const res = await request(api.app.getHttpServer()).get('/api/admin/does-not-exist').expect(404);
    expectErrorShape(res.body, 'not_found_error');
    expect(res.body.error_code).toBe('ROUTE_NOT_FOUND');
    expect(res.body.log_ref).toBe(res.headers['x-request-id']);
  });

  it('a validation failure answers 422 with a per-field map', async () => {
    const res = await request(api.app.getHttpServer())
      .post('/__test/echo')
      .send({ name: 42, count: 99 })
      .expect(422);
    expectErrorShape(res.body, 'validation_error');
    expect(res.body.error_code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors).sort()).toEqual(['count', 'name']);
  });

  it('unknown fields are rejected, not silently dropped', async () => {
    const res = await request(api.app.getHttpServer())
      .post('/__test/echo')
      .send({ name: 'a', count: 1, isAdmin: true })
      .expect(422);
    expect(res.body.errors).toHaveProperty('isAdmin');
  });

  it('a valid body passes the pipe', async () => {
    const res = await request(api.app.getHttpServer())
      .post('/__test/echo')
      .send({ name: 'a', count: 3 })
      .expect(201);
    expect(res.body).toEqual({ name: 'a', count: 3 });
  });

  it('malformed JSON answers 400 in the error shape', async () => {
    const res = await request(api.app.getHttpServer())
      .post('/__test/echo')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expectErrorShape(res.body, 'validation_error');
  });

  it('a body over the limit answers 413 in the error shape', async () => {
    const res = await request(api.app.getHttpServer())
      .post('/__test/echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024), count: 1 }))
      .expect(413);
    expectErrorShape(res.body, 'validation_error');
    expect(res.body.error_code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an unexpected error answers 500 with an opaque log_ref and no internals', async () => {
    const res = await request(api.app.getHttpServer()).post('/__test/boom').expect(500);
    expectErrorShape(res.body, 'unexpected_error');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
  });

  it('serves Swagger JSON as OpenAPI 3 and the UI at /docs', async () => {
    const server = api.app.getHttpServer();
    const json = await request(server).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.paths['/health']).toBeDefined();
    const ui = await request(server).get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('exposes Prometheus metrics labelled by route template', async () => {
    const server = api.app.getHttpServer();
    await request(server).get('/health');
    const res = await request(server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/health"[^}]*\} \d+/,
    );
  });

  it('answers CORS preflight only for allowed origins', async () => {
    const server = api.app.getHttpServer();
    const allowed = await request(server)
      .options('/health')
      .set('Origin', 'http://localhost:8001')
      .set('Access-Control-Request-Method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:8001');
    const denied = await request(server)
      .options('/health')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('platform with Redis down (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens, connections are refused at once.
    api = await bootApi({ env: { REDIS_URL: 'redis://127.0.0.1:1/0' } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('GET /health answers 503 degraded', async () => {
    const res = await request(api.app.getHttpServer()).get('/health').expect(503);
    expect(res.body).toEqual({
      status: 'degraded',
      service: 'api',
      redis: 'unhealthy',
      postgres: 'healthy',
    });
  });
});
