/**
 * The system page over HTTP: services from process heartbeats, a real worker restarted and
 * stopped through the API, the live log stream read with a plain HTTP client, and error
 * capture grouping a storm of identical errors into one row.
 */
import { request as httpRequest, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger as PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminRole } from '@app/domain';
import { ProcessKeys } from '@app/observability';
import { CatalogueCacheKeys, RedisService } from '@app/redis';
import { SystemErrorsService } from '../../apps/api/src/system/system-errors.service';
import { SystemLogsService } from '../../apps/api/src/system/system-logs.service';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { waitFor, withTimeout } from '../support/process';
import { startWorker, TestWorker } from '../support/worker';

const BASE = '/api/admin/system';

interface ServiceView {
  name: string;
  container: string;
  status: string;
  health: string | null;
  instances: { instance_id: string; pid: number; state: string; streams: string[] }[];
}

/** An SSE client on node http: collects `data:` lines and comment lines as they arrive. */
interface SseClient {
  status: number;
  contentType: string;
  data: string[];
  comments: string[];
  close(): void;
}

const openSse = (port: number, path: string): Promise<SseClient> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream' } },
      (res: IncomingMessage) => {
        const client: SseClient = {
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          data: [],
          comments: [],
          close: () => req.destroy(),
        };
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n');
          while (end >= 0) {
            const line = buffer.slice(0, end);
            buffer = buffer.slice(end + 1);
            if (line.startsWith('data: ')) client.data.push(line.slice(6));
            else if (line.startsWith(':')) client.comments.push(line);
            end = buffer.indexOf('\n');
          }
        });
        res.on('error', () => undefined);
        resolve(client);
      },
    );
    req.on('error', reject);
    req.end();
  });

describe('system page (e2e)', () => {
  let api: TestApi;
  let port: number;
  let chatwoot: FakeChatwoot;
  let admin: string;
  let user: string;
  const workers: TestWorker[] = [];

  const services = async (): Promise<Record<string, ServiceView>> => {
    const res = await request(api.app.getHttpServer()).get(`${BASE}/services`).set(bearer(admin));
    expect(res.status).toBe(200);
    return Object.fromEntries((res.body.services as ServiceView[]).map((s) => [s.name, s]));
  };

  beforeAll(async () => {
    api = await bootApi({
      env: {
        // Error lines must be emitted to be captured; info lines would flood the test output.
        LOG_LEVEL: 'error',
        PROCESS_HEARTBEAT_INTERVAL_MS: '1000',
        SYSTEM_ERROR_RETENTION_DAYS: '7',
      },
    });
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    chatwoot = await new FakeChatwoot().start();
    admin = (await loginAs(api, AdminRole.ADMIN)).token;
    user = (await loginAs(api, AdminRole.USER)).token;
  });

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.process.child.exitCode === null) await worker.stop();
    }
    await chatwoot?.stop();
    await api?.close();
  }, 60_000);

  it('reports no Docker access and the services from heartbeats and pings', async () => {
    const docker = await request(api.app.getHttpServer())
      .get(`${BASE}/docker-status`)
      .set(bearer(user));
    expect(docker.status).toBe(200);
    expect(docker.body).toMatchObject({
      available: false,
      connection_type: 'none',
      socket_path: null,
      socket_exists: false,
      docker_host_env: null,
    });

    // The first heartbeat is written right after boot, without holding it up.
    const all = await waitFor(async () => {
      const current = await services();
      return current.api?.instances.length ? current : null;
    }, 5000);
    expect(Object.keys(all)).toEqual(['api', 'agent', 'postgres', 'redis', 'admin-panel']);
    expect(all.api).toMatchObject({ status: 'running', health: 'healthy' });
    expect(all.api?.instances.map((i) => i.pid)).toContain(process.pid);
    expect(all.agent).toMatchObject({ status: 'exited', health: null, instances: [] });
    expect(all.postgres).toMatchObject({ status: 'running', health: 'healthy' });
    expect(all.redis).toMatchObject({ status: 'running', health: 'healthy' });
    expect(all['admin-panel']).toMatchObject({ status: 'unknown', health: null });
  });

  it('refuses what cannot be managed and keeps actions for admins', async () => {
    const server = api.app.getHttpServer();
    const stopApi = await request(server).post(`${BASE}/api/stop`).set(bearer(admin));
    expect(stopApi.status).toBe(400);
    expect(stopApi.body.error).toMatch(/API/);
    for (const name of ['postgres', 'redis', 'admin-panel']) {
      const res = await request(server).post(`${BASE}/${name}/restart`).set(bearer(admin));
      expect(res.status).toBe(400);
      expect(typeof res.body.error).toBe('string');
    }
    expect((await request(server).post(`${BASE}/ollama/restart`).set(bearer(admin))).status).toBe(
      404,
    );
    expect((await request(server).post(`${BASE}/agent/restart`).set(bearer(user))).status).toBe(
      403,
    );
    expect((await request(server).post(`${BASE}/cache/clear`).set(bearer(user))).status).toBe(403);
  });

  it('a worker killed with SIGKILL is announced once to staff as service.down', async () => {
    const doomed = await startWorker(api.db, api.redis, chatwoot, {
      PROCESS_HEARTBEAT_INTERVAL_MS: '1000',
    });
    workers.push(doomed);
    const pid = doomed.process.child.pid;
    const beating = await waitFor(async () => {
      const agent = (await services()).agent;
      return agent?.instances.find((instance) => instance.pid === pid) ?? null;
    }, 15000);
    const events = await openSse(port, `/api/admin/events?token=${admin}`);
    try {
      doomed.process.kill('SIGKILL');
      await doomed.process.exited;
      // The heartbeat lives 3 intervals; the watcher looks every interval.
      const down = await waitFor(() => {
        const found = events.data
          .map((line) => JSON.parse(line) as { type: string; payload: Record<string, unknown> })
          .filter((event) => event.type === 'service.down');
        return Promise.resolve(found.length > 0 ? found : null);
      }, 15000);
      expect(down).toHaveLength(1);
      expect(down[0]?.payload).toMatchObject({
        service: 'agent',
        instance_id: beating.instance_id,
        reason: 'heartbeat expired',
      });
      expect((await services()).agent?.instances.some((i) => i.pid === pid)).toBe(false);
    } finally {
      events.close();
    }
  }, 60_000);

  it('restarts a worker: it drains and exits cleanly, and a new one beats', async () => {
    const first = await startWorker(api.db, api.redis, chatwoot, {
      LOG_LEVEL: 'info',
      PROCESS_HEARTBEAT_INTERVAL_MS: '1000',
    });
    workers.push(first);
    const pid = first.process.child.pid;
    const beating = await waitFor(async () => {
      const agent = (await services()).agent;
      return agent?.instances.find((instance) => instance.pid === pid) ? agent : null;
    }, 15000);
    expect(beating.status).toBe('running');
    expect(beating.instances[0]?.streams).toEqual(
      expect.arrayContaining(['incoming_messages_stream', 'outgoing_messages_stream']),
    );
    const oldId = beating.instances[0]?.instance_id;

    const restart = await request(api.app.getHttpServer())
      .post(`${BASE}/agent/restart`)
      .set(bearer(admin));
    expect(restart.status).toBe(200);
    expect(restart.body).toMatchObject({ success: true, instances: 1 });

    const code = await withTimeout(first.process.exited, 15000, 'worker exit after restart');
    expect(code).toBe(0);
    const output = first.process.output();
    expect(output).toContain('restart requested by');
    expect(output).toContain('stream consumers stopped');
    expect(output).toContain('shutdown complete');
    // The heartbeat is withdrawn on the way out, not left to expire.
    expect(await api.redis.raw.exists(`${api.redis.keyPrefix}${ProcessKeys.instance(oldId)}`)).toBe(
      0,
    );

    const audit = await api.app
      .get(DataSource)
      .query<{ changes: { action: string } }[]>(
        `SELECT changes FROM audit_log WHERE entity_type = 'system_service' AND changes->>'service' = 'agent'`,
      );
    expect(audit.map((row) => row.changes.action)).toContain('restart');

    // The supervisor's part: a new process comes up and registers itself.
    const second = await startWorker(api.db, api.redis, chatwoot, {
      LOG_LEVEL: 'info',
      PROCESS_HEARTBEAT_INTERVAL_MS: '1000',
    });
    workers.push(second);
    const again = await waitFor(async () => {
      const agent = (await services()).agent;
      return agent?.instances.length === 1 && agent.instances[0]?.pid === second.process.child.pid
        ? agent
        : null;
    }, 15000);
    expect(again.instances[0]?.instance_id).not.toBe(oldId);
    expect(again.status).toBe('running');
  }, 120_000);

  it('streams the logs as server-sent events, live, and releases the stream on disconnect', async () => {
    const logs = api.app.get(SystemLogsService);
    // The running worker's boot lines reach Redis within a flush interval.
    await waitFor(
      async () => (await logs.tail('agent', 200)).some((l) => /consuming as/.test(l.line)),
      10000,
    );

    const client = await openSse(port, `${BASE}/agent/logs?tail=200&token=${admin}`);
    expect(client.status).toBe(200);
    expect(client.contentType).toContain('text/event-stream');
    await waitFor(
      () => Promise.resolve(client.data.some((line) => /consuming as/.test(line))),
      5000,
    );
    expect(logs.activeStreams).toBe(1);

    // A stop makes the worker log while the stream is open: the new lines arrive live.
    const stop = await request(api.app.getHttpServer())
      .post(`${BASE}/agent/stop`)
      .set(bearer(admin));
    expect(stop.status).toBe(200);
    await waitFor(
      () => Promise.resolve(client.data.some((line) => /stop requested by/.test(line))),
      10000,
    );
    await waitFor(async () => (await services()).agent?.status === 'stopped', 10000);

    client.close();
    await waitFor(() => Promise.resolve(logs.activeStreams === 0), 5000);

    // Services whose logs the backend does not collect answer one `Error:` line and end.
    const pg = await openSse(port, `${BASE}/postgres/logs?tail=10&token=${admin}`);
    await waitFor(() => Promise.resolve(pg.data.length > 0), 5000);
    expect(pg.data[0]).toMatch(/^Error: /);
    pg.close();

    // Restart brings the stopped workers back to work.
    const restart = await request(api.app.getHttpServer())
      .post(`${BASE}/agent/restart`)
      .set(bearer(admin));
    expect(restart.body.success).toBe(true);
    await withTimeout(workers[workers.length - 1].process.exited, 15000, 'stopped worker exit');
    expect(
      await api.redis.raw.exists(`${api.redis.keyPrefix}${ProcessKeys.stopped('agent')}`),
    ).toBe(0);
  }, 60_000);

  it('serves a JSON snapshot and never writes the query token to the logs', async () => {
    const server = api.app.getHttpServer();
    const snapshot = await request(server).get(`${BASE}/agent/logs?tail=5&token=${admin}`);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.service).toBe('agent');
    expect(snapshot.body.items.length).toBeGreaterThan(0);
    expect(snapshot.body.items.length).toBeLessThanOrEqual(5);
    expect(snapshot.body.items[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), line: expect.any(String) }),
    );
    const userStream = await request(server).get(`${BASE}/agent/logs?token=${user}`);
    expect(userStream.status).toBe(403);
    expect((await request(server).get(`${BASE}/agent/logs?tail=0`).set(bearer(admin))).status).toBe(
      422,
    );
    expect((await request(server).get(`${BASE}/redis/logs`).set(bearer(admin))).status).toBe(400);
    expect((await request(server).get(`${BASE}/nope/logs`).set(bearer(admin))).status).toBe(404);

    // A failing request logged at error level by the api (500 on purpose is not available,
    // so log one with the token in its text): the stored lines and error row are scrubbed.
    api.app.get(PinoLogger).error(`upstream call failed GET /x?token=${admin}`);
    const errors = api.app.get(SystemErrorsService);
    await waitFor(
      async () => (await errors.list({ status: 'open', page: 1, page_size: 50 })).total > 0,
      5000,
    );
    const apiLines = await api.app.get(SystemLogsService).tail('api', 500);
    expect(apiLines.length).toBeGreaterThan(0);
    expect(JSON.stringify(apiLines)).not.toContain(admin);
    const rows = await api.app
      .get(DataSource)
      .query(`SELECT message, raw_log FROM container_error_logs`);
    expect(JSON.stringify(rows)).not.toContain(admin);
    expect(JSON.stringify(rows)).toContain('token=[redacted]');
    await request(server)
      .delete(
        `${BASE}/errors/${(await errors.list({ status: 'open', page: 1, page_size: 50 })).items[0].id}`,
      )
      .set(bearer(admin))
      .expect(200);
  });

  it('groups an error storm into one row and supports triage', async () => {
    const server = api.app.getHttpServer();
    const logger = api.app.get(PinoLogger);
    for (let i = 0; i < 500; i += 1) {
      logger.error(new Error(`payment ${i} rejected for order ${1000 + i}`), 'Payments');
    }
    const dataSource = api.app.get(DataSource);
    await waitFor(async () => {
      const rows = await dataSource.query<{ occurrence_count: number }[]>(
        `SELECT occurrence_count FROM container_error_logs WHERE status = 'open'`,
      );
      return rows.length === 1 && rows[0]?.occurrence_count === 500;
    }, 10000);

    const list = await request(server)
      .get(`${BASE}/errors?page=1&page_size=20&status=open`)
      .set(bearer(user));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, page_size: 20 });
    const row = list.body.items[0];
    expect(row).toMatchObject({
      service_name: 'api',
      level: 'ERROR',
      status: 'open',
      occurrence_count: 500,
      resolved_at: null,
    });
    expect(row.stack_trace).toContain('at ');
    expect(row.container_name).toContain(`-${process.pid}-`);

    const stats = await request(server).get(`${BASE}/errors/stats`).set(bearer(user));
    expect(stats.body).toEqual({
      total_open: 1,
      by_service: { api: 1 },
      by_level: { ERROR: 1 },
      last_24h: 1,
    });
    expect((await request(server).get(`${BASE}/errors?status=bad`).set(bearer(admin))).status).toBe(
      422,
    );

    // Triage: bad input changes nothing; resolve with notes.
    const bad = await request(server)
      .post(`${BASE}/errors/${row.id}/resolve`)
      .set(bearer(admin))
      .send({ status: 'open' });
    expect(bad.status).toBe(422);
    expect(
      (
        await request(server)
          .post(`${BASE}/errors/${row.id}/resolve`)
          .set(bearer(user))
          .send({ status: 'resolved' })
      ).status,
    ).toBe(403);
    const resolved = await request(server)
      .post(`${BASE}/errors/${row.id}/resolve`)
      .set(bearer(admin))
      .send({ status: 'resolved', notes: 'gateway fixed' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution_notes: 'gateway fixed' });
    expect(resolved.body.resolved_by).toEqual(expect.any(String));
    expect(
      (await request(server).get(`${BASE}/errors/stats`).set(bearer(admin))).body.total_open,
    ).toBe(0);

    // The same error again opens a new group; ignoring it keeps it counting but not open.
    logger.error(new Error('payment 7 rejected for order 9'), 'Payments');
    await waitFor(
      async () => (await request(server).get(`${BASE}/errors`).set(bearer(admin))).body.total === 1,
      5000,
    );
    const reopened = (await request(server).get(`${BASE}/errors`).set(bearer(admin))).body.items[0];
    expect(reopened.id).not.toBe(row.id);
    await request(server)
      .post(`${BASE}/errors/${reopened.id}/resolve`)
      .set(bearer(admin))
      .send({ status: 'ignored' })
      .expect(200);
    logger.error(new Error('payment 8 rejected for order 10'), 'Payments');
    await waitFor(async () => {
      const rows = await dataSource.query<{ occurrence_count: number }[]>(
        `SELECT occurrence_count FROM container_error_logs WHERE id = $1`,
        [reopened.id],
      );
      return rows[0]?.occurrence_count === 2;
    }, 5000);
    expect((await request(server).get(`${BASE}/errors`).set(bearer(admin))).body.total).toBe(0);

    // Retention removes closed groups not seen for the configured days.
    const errors = api.app.get(SystemErrorsService);
    expect(await errors.purgeExpired(new Date())).toBe(0);
    expect(await errors.purgeExpired(new Date(Date.now() + 8 * 86_400_000))).toBe(2);

    // Delete one (404 afterwards) and delete all closed.
    logger.error('a one-off failure');
    await waitFor(
      async () => (await request(server).get(`${BASE}/errors`).set(bearer(admin))).body.total === 1,
      5000,
    );
    const oneOff = (await request(server).get(`${BASE}/errors`).set(bearer(admin))).body.items[0];
    await request(server).delete(`${BASE}/errors/${oneOff.id}`).set(bearer(admin)).expect(200);
    expect(
      (await request(server).delete(`${BASE}/errors/${oneOff.id}`).set(bearer(admin))).status,
    ).toBe(404);
    logger.error('another one-off failure');
    await waitFor(
      async () => (await request(server).get(`${BASE}/errors`).set(bearer(admin))).body.total === 1,
      5000,
    );
    const another = (await request(server).get(`${BASE}/errors`).set(bearer(admin))).body.items[0];
    await request(server)
      .post(`${BASE}/errors/${another.id}/resolve`)
      .set(bearer(admin))
      .send({ status: 'resolved' })
      .expect(200);
    const cleared = await request(server).delete(`${BASE}/errors`).set(bearer(admin));
    expect(cleared.status).toBe(200);
    expect(cleared.body.deleted).toBe(1);
  });

  it('clears the catalogue caches for every replica', async () => {
    const redis = api.app.get(RedisService);
    const before = Number((await redis.client.get(CatalogueCacheKeys.globalGeneration())) ?? 0);
    const res = await request(api.app.getHttpServer())
      .post(`${BASE}/cache/clear`)
      .set(bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(Number(await redis.client.get(CatalogueCacheKeys.globalGeneration()))).toBe(before + 1);
  });
});
