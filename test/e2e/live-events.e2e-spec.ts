/**
 * Live events for staff over server-sent events. Two api replicas share the database and the
 * Redis namespace: an event produced by one reaches a client connected to the other; a client
 * that reconnects with Last-Event-ID gets what it missed; an escalation created by a real
 * worker process (panic button, message through the real webhook) reaches the client too.
 * The client is a plain node http request parsing `id:` / `event:` / `data:` lines.
 */
import { request as httpRequest, IncomingMessage, ClientRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminRole } from '@app/domain';
import { LiveEventPublisher, LiveEventType, liveEvent, OutboxService } from '@app/streams';
import { LiveEventsHub } from '../../apps/api/src/live-events/live-events.hub';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { CaseSeeder, nextConversationId } from '../support/cases';
import { incomingEvent } from '../support/chatwoot-events';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { waitFor } from '../support/process';
import { startWorker, TestWorker } from '../support/worker';

jest.setTimeout(120_000);

const WEBHOOK_TOKEN = 'webhook-token-live-events-0123456789';

interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

interface SseClient {
  status: number;
  headers: IncomingMessage['headers'];
  events: SseEvent[];
  comments: string[];
  /** Resolves with the first event (seen so far or later) matching `match`. */
  next(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  ended: Promise<void>;
  close(): void;
}

/** Opens an SSE stream and parses it as EventSource would (id / event / data, blank line). */
function openSse(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | null = null;
    req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers: { Accept: 'text/event-stream', ...headers },
      },
      (res) => {
        const events: SseEvent[] = [];
        const comments: string[] = [];
        let buffer = '';
        let current: SseEvent = { id: null, event: 'message', data: '' };
        let hasData = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).replace(/\r$/, '');
            buffer = buffer.slice(newline + 1);
            newline = buffer.indexOf('\n');
            if (line === '') {
              if (hasData) events.push(current);
              current = { id: null, event: 'message', data: '' };
              hasData = false;
              continue;
            }
            if (line.startsWith(':')) {
              comments.push(line.slice(1).trim());
              continue;
            }
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') current.id = value;
            else if (field === 'event') current.event = value;
            else if (field === 'data') {
              current.data = hasData ? `${current.data}\n${value}` : value;
              hasData = true;
            }
          }
        });
        const ended = new Promise<void>((done) => {
          res.on('end', () => done());
          res.on('close', () => done());
        });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          events,
          comments,
          ended,
          next: (match, timeoutMs = 20000) =>
            waitFor(() => Promise.resolve(events.find(match)), timeoutMs, 25),
          close: () => req?.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const payloadOf = (event: SseEvent): Record<string, unknown> =>
  (JSON.parse(event.data) as { payload: Record<string, unknown> }).payload;

describe('staff live events over SSE (e2e)', () => {
  let apiA: TestApi;
  let apiB: TestApi;
  let portA: number;
  let portB: number;
  let adminToken: string;
  let userToken: string;
  let seed: CaseSeeder;
  const clients: SseClient[] = [];

  const listen = async (api: TestApi): Promise<number> => {
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  const connect = async (
    port: number,
    token: string,
    extra: Record<string, string> = {},
    query = '',
  ): Promise<SseClient> => {
    const client = await openSse(port, `/api/admin/events${query}`, {
      Authorization: `Bearer ${token}`,
      ...extra,
    });
    clients.push(client);
    expect(client.status).toBe(200);
    // Live from here on: `ready` is sent once the client is attached.
    await client.next((event) => event.event === 'ready');
    return client;
  };
  const openEscalation = async (): Promise<string> => (await seed.escalation()).id;
  /** Resolves an escalation through replica A's HTTP api (the producing replica). */
  const resolveOnA = async (id: string): Promise<void> => {
    await request(apiA.app.getHttpServer())
      .post(`/api/admin/escalations/${id}/resolve`)
      .set(bearer(adminToken))
      .expect(200);
  };

  beforeAll(async () => {
    apiA = await bootApi({ env: { CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN } });
    apiB = await bootApi({ shareWith: apiA, env: { CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN } });
    portA = await listen(apiA);
    portB = await listen(apiB);
    adminToken = (await loginAs(apiA, AdminRole.ADMIN)).token;
    userToken = (await loginAs(apiA, AdminRole.USER)).token;
    seed = new CaseSeeder(apiA);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await apiB?.close();
    await apiA?.close();
  });

  it('refuses a client without a valid token (401) and one not asking for SSE (406)', async () => {
    const none = await openSse(portB, '/api/admin/events');
    const bad = await openSse(portB, '/api/admin/events?token=not-a-jwt');
    clients.push(none, bad);
    expect(none.status).toBe(401);
    expect(bad.status).toBe(401);
    const res = await request(apiB.app.getHttpServer())
      .get('/api/admin/events')
      .set(bearer(adminToken))
      .set('Accept', 'application/json')
      .expect(406);
    expect(res.body).toMatchObject({ success: false });
    await request(apiB.app.getHttpServer())
      .get('/api/admin/events')
      .set(bearer(adminToken))
      .set('Accept', 'text/event-stream')
      .set('Last-Event-ID', 'not-an-id')
      .expect(400);
  });

  it('delivers an event produced on replica A to a client connected to replica B', async () => {
    // EventSource cannot send headers: the token travels in the query string.
    const client = await connect(portB, adminToken, {}, `?token=${adminToken}`);
    expect(client.headers['content-type']).toMatch(/^text\/event-stream/);
    const escalationId = await openEscalation();
    await resolveOnA(escalationId);
    const event = await client.next(
      (e) =>
        e.event === LiveEventType.ESCALATION_RESOLVED &&
        payloadOf(e).escalation_id === escalationId,
    );
    expect(event.id).toMatch(/^\d+-\d+$/);
    const body = JSON.parse(event.data) as Record<string, unknown>;
    expect(body).toEqual({
      id: event.id,
      type: 'escalation.resolved',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      payload: { escalation_id: escalationId, conversation_id: expect.any(String) },
    });
    const hub = apiB.app.get(LiveEventsHub);
    expect(hub.clientCount).toBe(1);
    client.close();
    // The server notices the client left and detaches it (its reader then winds down).
    await waitFor(() => Promise.resolve(hub.clientCount === 0));
  });

  it('resumes from Last-Event-ID (header or query) with the events missed meanwhile', async () => {
    const client = await connect(portB, userToken);
    const ready = client.events.find((e) => e.event === 'ready');
    const resumeFrom = ready?.id as string;
    expect(resumeFrom).toMatch(/^\d+-\d+$/);
    client.close();
    await client.ended;

    // While nobody listens: two escalations resolved and a case sent back to review.
    const missed = [await openEscalation(), await openEscalation()];
    for (const id of missed) await resolveOnA(id);
    const customer = await seed.customer();
    const conversation = await seed.conversation({ userId: customer.id });
    const reviewCase = await seed.case({
      userId: customer.id,
      conversationId: conversation.conversationId,
      status: 'in_progress',
    });
    await request(apiA.app.getHttpServer())
      .post(`/api/admin/cases/${reviewCase.id}/status`)
      .set(bearer(adminToken))
      .send({ status: 'pending_review' })
      .expect(200);

    const byHeader = await connect(portB, userToken, { 'Last-Event-ID': resumeFrom });
    const byQuery = await connect(portA, userToken, {}, `?last_event_id=${resumeFrom}`);
    for (const resumed of [byHeader, byQuery]) {
      // The last missed event arrives last: stream order is kept across backlog and live.
      await resumed.next(
        (e) =>
          e.event === LiveEventType.CASE_PENDING_REVIEW && payloadOf(e).case_id === reviewCase.id,
      );
      const replayed = resumed.events.filter((e) => e.event !== 'ready');
      expect(
        replayed
          .filter((e) => e.event === LiveEventType.ESCALATION_RESOLVED)
          .map((e) => payloadOf(e).escalation_id),
      ).toEqual(missed);
      expect(
        replayed
          .filter((e) => e.event === LiveEventType.CASE_PENDING_REVIEW)
          .map((e) => payloadOf(e).case_id),
      ).toEqual([reviewCase.id]);
      // In stream order, all after the resume point, the ready id being the last of them.
      const ids = replayed.map((e) => e.id as string);
      expect([...ids].sort(compareIds)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => compareIds(id, resumeFrom) > 0)).toBe(true);
      resumed.close();
    }
  });

  it('announces a staged event only if its transaction commits, and only once', async () => {
    const client = await connect(portB, adminToken);
    const dataSource = apiA.app.get(DataSource);
    const outbox = apiA.app.get(OutboxService);
    const key = `live-test-${Date.now()}`;
    const staged = (id: string) =>
      liveEvent(LiveEventType.ESCALATION_CREATED, { escalation_id: id, conversation_id: key });
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.addLiveEvents(manager, key, [staged('rolled-back')]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await dataSource.transaction((manager) =>
      outbox.addLiveEvents(manager, key, [staged('committed')]),
    );
    await outbox.publishKey(key);
    // A crash between XADD and marking the row published: the row goes out again, once.
    await dataSource.query(`UPDATE stream_outbox SET published_at = NULL WHERE ordering_key = $1`, [
      key,
    ]);
    expect(await outbox.publishKey(key)).toBe(1);
    await apiA.app.get(LiveEventPublisher).publish(staged('sentinel'));
    await client.next((e) => e.event !== 'ready' && payloadOf(e).escalation_id === 'sentinel');
    const ours = client.events
      .filter((e) => e.event === LiveEventType.ESCALATION_CREATED)
      .map((e) => payloadOf(e).escalation_id);
    expect(ours).toEqual(['committed', 'sentinel']);
    client.close();
  });

  it('shows admin-only events to admins only', async () => {
    const admin = await connect(portA, adminToken);
    const user = await connect(portA, userToken);
    const publisher = apiB.app.get(LiveEventPublisher);
    await publisher.publish(liveEvent(LiveEventType.SERVICE_DOWN, { service: 'worker' }));
    const marker = await openEscalation();
    await resolveOnA(marker);
    await admin.next((e) => e.event === LiveEventType.SERVICE_DOWN);
    // The user saw the later event, so the admin-only one was filtered, not merely late.
    await user.next(
      (e) => e.event === LiveEventType.ESCALATION_RESOLVED && payloadOf(e).escalation_id === marker,
    );
    expect(user.events.some((e) => e.event === LiveEventType.SERVICE_DOWN)).toBe(false);
    admin.close();
    user.close();
  });

  it('announces an escalation created by a real worker process', async () => {
    const chatwoot = await new FakeChatwoot().start();
    let worker: TestWorker | null = null;
    try {
      worker = await startWorker(apiA.db, apiA.redis, chatwoot);
      await apiA.app
        .get(DataSource)
        .query(`UPDATE system_settings SET value = 'false' WHERE key = 'agent_enabled'`);
      await apiA.redis.raw.del(`${apiA.redis.keyPrefix}system_setting:agent_enabled`);
      const client = await connect(portB, userToken);
      const conversationId = Number(nextConversationId());
      await request(apiA.app.getHttpServer())
        .post(`/webhook/chatwoot/${WEBHOOK_TOKEN}`)
        .send(incomingEvent({ id: 77_001, conversationId, content: 'Hola' }))
        .expect(200, { status: 'received' });
      const event = await client.next(
        (e) =>
          e.event === LiveEventType.ESCALATION_CREATED &&
          payloadOf(e).conversation_id === String(conversationId),
        30000,
      );
      const [row] = await apiA.app
        .get(DataSource)
        .query<{ id: string }[]>(`SELECT id FROM escalations WHERE conversation_id = $1`, [
          String(conversationId),
        ]);
      expect(payloadOf(event)).toEqual({
        escalation_id: row?.id,
        conversation_id: String(conversationId),
        source: 'agent_disabled',
        priority: 'normal',
      });
      // No personal data in the payload: the customer's phone never appears.
      expect(event.data).not.toContain('612345678');
      client.close();
    } finally {
      await worker?.stop();
      await chatwoot.stop();
    }
  });
});

function compareIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  const diff = BigInt(aMs) - BigInt(bMs) || BigInt(aSeq) - BigInt(bSeq);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}
