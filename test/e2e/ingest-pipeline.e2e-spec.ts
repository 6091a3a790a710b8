import request from 'supertest';
import { DataSource } from 'typeorm';
import { StreamName } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { incomingEvent, IncomingEventOptions } from '../support/chatwoot-events';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { waitFor } from '../support/process';
import { startWorker, TestWorker } from '../support/worker';

jest.setTimeout(120_000);

const TOKEN = 'webhook-token-0123456789';
const DISABLED_MESSAGE =
  'Disculpa las molestias. En este momento nuestro asistente automático no está disponible. Un miembro de nuestro equipo te atenderá lo antes posible.';

/** Shared wiring: api in-process, fake Chatwoot, helpers to post events and inspect state. */
class Harness {
  public api!: TestApi;
  public chatwoot!: FakeChatwoot;
  public workers: TestWorker[] = [];

  public async start(): Promise<void> {
    this.chatwoot = await new FakeChatwoot().start();
    this.api = await bootApi({
      env: { CHATWOOT_WEBHOOK_TOKEN: TOKEN, CHATWOOT_API_URL: this.chatwoot.url },
    });
  }

  public async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.api?.close();
    await this.chatwoot?.stop();
  }

  public get db(): DataSource {
    return this.api.app.get(DataSource);
  }

  public async worker(env: Record<string, string> = {}): Promise<TestWorker> {
    const worker = await startWorker(this.api.db, this.api.redis, this.chatwoot, env);
    this.workers.push(worker);
    return worker;
  }

  public post(options: IncomingEventOptions): request.Test {
    return request(this.api.app.getHttpServer())
      .post(`/webhook/chatwoot/${TOKEN}`)
      .send(incomingEvent(options));
  }

  /** Panic button through the settings table (and its shared cache key). */
  public async setPanic(on: boolean): Promise<void> {
    await this.db.query(`UPDATE system_settings SET value = $1 WHERE key = 'agent_enabled'`, [
      on ? 'false' : 'true',
    ]);
    await this.api.redis.raw.del(`${this.api.redis.keyPrefix}system_setting:agent_enabled`);
  }

  public async storedMessages(conversationId: number): Promise<{ chatwoot_message_id: number }[]> {
    return this.db.query(
      `SELECT m.chatwoot_message_id FROM conversation_messages m
         JOIN conversation_history h ON h.id = m.conversation_history_id
        WHERE h.conversation_id = $1 AND m.role = 'user'
        ORDER BY m.created_at, m.id`,
      [String(conversationId)],
    );
  }

  /** Waits until every stream entry was acknowledged (nothing pending, nothing unread). */
  public async settled(): Promise<void> {
    await waitFor(async () => {
      for (const stream of [StreamName.INCOMING_MESSAGES, StreamName.OUTGOING_MESSAGES]) {
        const key = `${this.api.redis.keyPrefix}${stream}`;
        if (!(await this.api.redis.raw.exists(key))) continue;
        const groups = (await this.api.redis.raw.xinfo('GROUPS', key)) as unknown[][];
        for (const group of groups) {
          const info: Record<string, unknown> = {};
          for (let i = 0; i < group.length; i += 2) info[String(group[i])] = group[i + 1];
          if (Number(info.pending) > 0 || Number(info.lag ?? 0) > 0) return false;
        }
      }
      const [{ count }] = await this.db.query(
        `SELECT count(*)::int AS count FROM stream_outbox WHERE published_at IS NULL`,
      );
      return count === 0;
    }, 60000);
  }
}

describe('ingest pipeline with a worker process (e2e)', () => {
  const h = new Harness();

  beforeAll(async () => {
    await h.start();
    await h.worker({
      DELIVERY_MAX_ATTEMPTS: '3',
      RECONCILER_ENABLED: 'true',
      RECONCILER_INTERVAL_MS: '1000',
      RECONCILER_LOOKBACK_SECONDS: '600',
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('panic button: one reply, one escalation, bot off, labels kept, note; duplicates stored once', async () => {
    await h.setPanic(true);
    h.chatwoot.conversation(1001).labels = ['vip'];
    await h.post({ id: 5001, conversationId: 1001 }).expect(200);
    await h.post({ id: 5001, conversationId: 1001 }).expect(200, { status: 'duplicate' });
    await h.post({ id: 5002, conversationId: 1001 }).expect(200);
    await waitFor(async () => (await h.storedMessages(1001)).length === 2);
    await waitFor(() =>
      Promise.resolve(h.chatwoot.outgoing(1001, true).some((message) => message.private)),
    );
    await h.settled();
    const conversation = h.chatwoot.conversations.get(1001)!;
    expect(h.chatwoot.outgoing(1001).map((m) => m.content)).toEqual([DISABLED_MESSAGE]);
    expect(conversation.custom_attributes.atencion_automatica).toBe(false);
    expect(conversation.labels.sort()).toEqual(['escalado', 'vip']);
    const notes = h.chatwoot.outgoing(1001, true).filter((m) => m.private);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.content).toContain('BOTÓN DE PÁNICO');
    const escalations = await h.db.query(
      `SELECT source, status FROM escalations WHERE conversation_id = '1001'`,
    );
    expect(escalations).toEqual([{ source: 'agent_disabled', status: 'pending' }]);
    const [history] = await h.db.query(
      `SELECT message_count FROM conversation_history WHERE conversation_id = '1001'`,
    );
    expect(history.message_count).toBe(2);
  });

  it('first message with the bot on: customer stored in E.164 and atencion_automatica=true', async () => {
    await h.setPanic(false);
    await h
      .post({
        id: 5101,
        conversationId: 1002,
        phone: '34612000111',
        contactId: 9102,
        name: 'Ana María López',
        attributes: { tipo: 'Profesional' },
      })
      .expect(200, { status: 'received' });
    await waitFor(() =>
      Promise.resolve(
        h.chatwoot.conversations.get(1002)?.custom_attributes.atencion_automatica === true,
      ),
    );
    const [customer] = await h.db.query(`SELECT * FROM users WHERE chatwoot_contact_id = 9102`);
    expect(customer).toMatchObject({
      phone: '+34612000111',
      first_name: 'Ana',
      last_name: 'María López',
      client_type: 'professional',
      metadata: { whatsapp_name: 'Ana María López', phone_status: 'valid' },
    });
    await h.settled();
    // The customer agent answers the first message once (a welcome), never with an echo.
    const replies = h.chatwoot.outgoing(1002).map((message) => message.content);
    expect(replies).toEqual([expect.stringContaining('MSI Automotive')]);
    // The bot is switched on first, in the welcome's own delivery (one outbox row, in order).
    const writes = h.chatwoot
      .calls('POST', /\/conversations\/1002\//)
      .map((call) => call.path.split('/').pop());
    expect(writes).toEqual(['custom_attributes', 'messages']);
    const rows = await h.db.query<{ reason: string; kinds: string[] }[]>(
      `SELECT envelope->'payload'->>'reason' AS reason,
              array(SELECT s->>'kind' FROM jsonb_array_elements(envelope->'payload'->'steps') s) AS kinds
         FROM stream_outbox WHERE ordering_key = '1002' ORDER BY created_at, position`,
    );
    expect(rows).toEqual([{ reason: 'agent_reply', kinds: ['set_attributes', 'text'] }]);
  });

  it("keeps the customer's last activity: each message bumps it, deleting the conversation recomputes it", async () => {
    await h.setPanic(false);
    const server = h.api.app.getHttpServer();
    const { token } = await loginAs(h.api, 'admin');
    // A customer created by staff long ago, who then writes: first in the activity order.
    const staffMade = await request(server)
      .post('/api/admin/users')
      .set(bearer(token))
      .send({ phone: '+34612000999', first_name: 'Lucía' })
      .expect(201);
    await h.db.query(
      `UPDATE users SET created_at = now() - interval '30 days',
      last_activity_at = now() - interval '30 days' WHERE id = $1`,
      [staffMade.body.id],
    );
    const before = Date.now();
    await h
      .post({ id: 5151, conversationId: 1052, phone: '34612000999', contactId: 9152 })
      .expect(200);
    await waitFor(async () => {
      const [row] = await h.db.query(`SELECT last_activity_at FROM users WHERE id = $1`, [
        staffMade.body.id,
      ]);
      return new Date(row.last_activity_at).getTime() >= before - 1000;
    });
    const sorted = await request(server)
      .get('/api/admin/users?sort_by=last_activity&limit=1')
      .set(bearer(token))
      .expect(200);
    expect(sorted.body.items[0]).toMatchObject({ id: staffMade.body.id });
    expect(new Date(sorted.body.items[0].last_activity_at).getTime()).toBeGreaterThanOrEqual(
      before - 1000,
    );
    await h.settled();
    const [history] = await h.db.query(
      `SELECT id FROM conversation_history WHERE conversation_id = '1052'`,
    );
    await request(server)
      .delete(`/api/admin/conversations/${history.id}`)
      .set(bearer(token))
      .expect(200);
    const detail = await request(server)
      .get(`/api/admin/users/${staffMade.body.id}`)
      .set(bearer(token))
      .expect(200);
    expect(detail.body.last_activity_at).toBe(detail.body.created_at);
  });

  it('missing and invalid phones are still processed, keyed by the Chatwoot contact', async () => {
    await h.setPanic(false);
    await h.post({ id: 5201, conversationId: 1003, phone: null, contactId: 9103 }).expect(200);
    await h
      .post({ id: 5202, conversationId: 1004, phone: '+3412345', contactId: 9104 })
      .expect(200);
    await waitFor(async () => (await h.storedMessages(1004)).length === 1);
    await waitFor(async () => (await h.storedMessages(1003)).length === 1);
    const rows = await h.db.query(
      `SELECT phone, chatwoot_contact_id, metadata FROM users
        WHERE chatwoot_contact_id IN (9103, 9104) ORDER BY chatwoot_contact_id`,
    );
    expect(rows).toEqual([
      {
        phone: null,
        chatwoot_contact_id: 9103,
        metadata: expect.objectContaining({ phone_status: 'missing' }),
      },
      {
        phone: null,
        chatwoot_contact_id: 9104,
        metadata: expect.objectContaining({ phone_status: 'invalid', phone_raw: '+3412345' }),
      },
    ]);
  });

  it('Chatwoot 500 on send: the reply is delivered later, exactly once', async () => {
    await h.setPanic(true);
    h.chatwoot.fail('POST', /\/conversations\/1005\/messages$/, 500, 2);
    await h.post({ id: 5301, conversationId: 1005 }).expect(200);
    await waitFor(() => Promise.resolve(h.chatwoot.outgoing(1005).length === 1), 30000);
    await h.settled();
    expect(h.chatwoot.outgoing(1005).map((m) => m.content)).toEqual([DISABLED_MESSAGE]);
    expect(
      h.chatwoot.calls('POST', /\/conversations\/1005\/messages$/).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('poison delivery: dead-lettered after the cap while others flow; re-drive delivers once', async () => {
    await h.setPanic(true);
    h.chatwoot.fail('POST', /\/conversations\/1006\/messages$/, 500, 1000);
    await h.post({ id: 5401, conversationId: 1006 }).expect(200);
    await h.post({ id: 5402, conversationId: 1007 }).expect(200);
    await waitFor(() => Promise.resolve(h.chatwoot.outgoing(1007).length === 1), 30000);
    const { token } = await loginAs(h.api, 'admin');
    const server = h.api.app.getHttpServer();
    const letters = await waitFor(async () => {
      const res = await request(server)
        .get('/api/admin/system/streams/dead-letters')
        .set(bearer(token))
        .expect(200);
      return res.body.items.find(
        (item: { ordering_key: string | null }) => item.ordering_key === '1006',
      );
    }, 30000);
    expect(letters).toMatchObject({
      original_stream: StreamName.OUTGOING_MESSAGES,
      message_type: 'chatwoot.delivery.v1',
      attempts: 3,
    });
    expect(letters.error).toContain('500');
    h.chatwoot.clearScripts();
    const first = await request(server)
      .post(`/api/admin/system/streams/dead-letters/${letters.id}/redrive`)
      .set(bearer(token))
      .expect(200);
    expect(first.body.redriven).toBe(true);
    const second = await request(server)
      .post(`/api/admin/system/streams/dead-letters/${letters.id}/redrive`)
      .set(bearer(token))
      .expect(200);
    expect(second.body.redriven).toBe(false);
    await waitFor(() => Promise.resolve(h.chatwoot.outgoing(1006).length === 1), 30000);
    await h.settled();
    expect(h.chatwoot.outgoing(1006)).toHaveLength(1);
  });

  it('gap recovery: a message Chatwoot never announced is found and answered once', async () => {
    await h.setPanic(true);
    const message = h.chatwoot.addIncoming(1008, '¿Hay alguien?', {
      id: 9108,
      name: 'Luis Gómez',
      phone_number: '+34611222333',
    });
    await waitFor(() => Promise.resolve(h.chatwoot.outgoing(1008).length === 1), 30000);
    // Later reconciler rounds (and a late webhook) must not answer it again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await h
      .post({ id: message.id, conversationId: 1008, phone: '+34611222333', contactId: 9108 })
      .expect(200, { status: 'duplicate' });
    await h.settled();
    expect(h.chatwoot.outgoing(1008)).toHaveLength(1);
    expect(await h.storedMessages(1008)).toEqual([{ chatwoot_message_id: message.id }]);
  });

  it('two Chatwoot contacts with one phone at once: one customer, no failed attempt', async () => {
    await h.setPanic(true);
    const retried = async (): Promise<number> => {
      const text = await (await fetch(`http://127.0.0.1:${h.workers[0].port}/metrics`)).text();
      return text
        .split('\n')
        .filter(
          (line) =>
            line.startsWith('stream_entries_total{') &&
            line.includes(StreamName.INCOMING_MESSAGES) &&
            line.includes('outcome="retried"'),
        )
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    };
    const before = await retried();
    const pairs = Array.from({ length: 8 }, (_, i) => ({
      phone: `+3465500${String(i).padStart(4, '0')}`,
      conversations: [6001 + 2 * i, 6002 + 2 * i],
    }));
    await Promise.all(
      pairs.flatMap(({ phone, conversations }, i) =>
        conversations.map((conversationId, j) =>
          h
            .post({ id: 60_000 + 2 * i + j, conversationId, contactId: conversationId, phone })
            .expect(200),
        ),
      ),
    );
    await waitFor(async () => {
      const [{ count }] = await h.db.query(
        `SELECT count(*)::int AS count FROM conversation_messages
         WHERE chatwoot_message_id BETWEEN 60000 AND 60015`,
      );
      return count === 16;
    }, 30000);
    const customers = await h.db.query(
      `SELECT phone, count(*)::int AS n FROM users WHERE phone LIKE '+3465500%' GROUP BY phone`,
    );
    expect(customers).toHaveLength(8);
    expect(customers.every((row: { n: number }) => row.n === 1)).toBe(true);
    expect(await retried()).toBe(before);
  });

  it('a turn that fails on every attempt still answers once, with the short fallback', async () => {
    await h.setPanic(false);
    // The state row of conversation 1009 cannot be written: every turn of it fails.
    await h.db.query(`CREATE FUNCTION test_fail_turn() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'state write refused (test)'; END $$`);
    await h.db.query(`CREATE TRIGGER test_fail_turn BEFORE INSERT OR UPDATE
      ON agent_conversation_states FOR EACH ROW WHEN (NEW.conversation_id = '1009')
      EXECUTE FUNCTION test_fail_turn()`);
    try {
      await h.post({ id: 5501, conversationId: 1009, content: 'hola' }).expect(200);
      await waitFor(() => Promise.resolve(h.chatwoot.outgoing(1009).length === 1), 30000);
      await h.settled();
      expect(h.chatwoot.outgoing(1009).map((m) => m.content)).toEqual([
        expect.stringContaining('he tenido un problema técnico'),
      ]);
      const [message] = await h.db.query(
        `SELECT agent_turn_at FROM conversation_messages WHERE chatwoot_message_id = 5501`,
      );
      expect(message.agent_turn_at).not.toBeNull();
      const [{ count }] = await h.db.query(
        `SELECT count(*)::int AS count FROM agent_conversation_states WHERE conversation_id = '1009'`,
      );
      expect(count).toBe(0);
      const deadLetters = await h.api.redis.raw.xrange(
        `${h.api.redis.keyPrefix}${StreamName.DEAD_LETTER}`,
        '-',
        '+',
      );
      expect(JSON.stringify(deadLetters)).not.toContain('5501');
    } finally {
      await h.db.query(`DROP TRIGGER test_fail_turn ON agent_conversation_states`);
      await h.db.query(`DROP FUNCTION test_fail_turn()`);
    }
    // Once the fault is gone the conversation goes on; the failed message is not answered again.
    await h
      .post({ id: 5502, conversationId: 1009, content: 'quiero homologar el escape' })
      .expect(200);
    await waitFor(() => Promise.resolve(h.chatwoot.outgoing(1009).length === 2), 30000);
    await h.settled();
    const replies = h.chatwoot.outgoing(1009).map((m) => m.content);
    expect(replies).toHaveLength(2);
    expect(replies[1]).not.toContain('problema técnico');
  });

  it('stream operations report every stream to admins only', async () => {
    const server = h.api.app.getHttpServer();
    const { token: userToken } = await loginAs(h.api, 'user');
    await request(server).get('/api/admin/system/streams').set(bearer(userToken)).expect(403);
    const { token } = await loginAs(h.api, 'admin');
    const res = await request(server)
      .get('/api/admin/system/streams')
      .set(bearer(token))
      .expect(200);
    const incoming = res.body.streams.find(
      (s: { name: string }) => s.name === StreamName.INCOMING_MESSAGES,
    );
    expect(incoming.length).toBeGreaterThan(0);
    expect(incoming.groups[0]).toMatchObject({ name: 'agent_workers', pending: 0 });
    expect(incoming.groups[0].consumers.length).toBeGreaterThanOrEqual(1);
  });
});

describe('worker killed with SIGKILL mid-delivery (e2e)', () => {
  const h = new Harness();

  beforeAll(async () => {
    await h.start();
    await h.setPanic(true);
  });

  afterAll(async () => {
    await h.stop();
  });

  it('the entry is reclaimed by another worker and the reply is sent exactly once', async () => {
    const first = await h.worker();
    // Chatwoot stores the reply but answers only after 6 s: the worker dies waiting for it.
    h.chatwoot.delay('POST', /\/conversations\/2001\/messages$/, 6000, 1);
    await h.post({ id: 6001, conversationId: 2001 }).expect(200);
    await waitFor(
      () =>
        Promise.resolve(h.chatwoot.calls('POST', /\/conversations\/2001\/messages$/).length === 1),
      30000,
    );
    first.process.kill('SIGKILL');
    await first.process.exited;
    const second = await h.worker();
    await waitFor(
      () => Promise.resolve(h.chatwoot.outgoing(2001, true).some((message) => message.private)),
      30000,
    );
    await h.settled();
    expect(h.chatwoot.outgoing(2001).map((m) => m.content)).toEqual([DISABLED_MESSAGE]);
    expect(h.chatwoot.outgoing(2001, true).filter((m) => m.private)).toHaveLength(1);
    expect(await h.storedMessages(2001)).toHaveLength(1);
    expect(h.chatwoot.conversations.get(2001)?.labels).toEqual(['escalado']);
    // The survivor found the reply in Chatwoot instead of sending it again.
    expect(second.process.output()).toContain('was sent before');
  });
});

describe('order within a conversation under load, two worker processes (e2e)', () => {
  const h = new Harness();

  beforeAll(async () => {
    await h.start();
    await h.setPanic(false);
    await Promise.all([
      h.worker({ WORKER_CONCURRENCY: '4' }),
      h.worker({ WORKER_CONCURRENCY: '4' }),
    ]);
  });

  afterAll(async () => {
    await h.stop();
  });

  it('stores every conversation’s messages in the order Chatwoot sent them', async () => {
    const conversations = Array.from({ length: 8 }, (_, i) => 3001 + i);
    const perConversation = 12;
    let id = 70_000;
    for (let round = 0; round < perConversation; round += 1) {
      await Promise.all(
        conversations.map((conversationId) =>
          h.post({ id: id++, conversationId, contactId: 8000 + conversationId }).expect(200),
        ),
      );
    }
    await waitFor(async () => {
      const [{ count }] = await h.db.query(
        `SELECT count(*)::int AS count FROM conversation_messages WHERE role = 'user'`,
      );
      return count === conversations.length * perConversation;
    }, 90000);
    for (const conversationId of conversations) {
      const ids = (await h.storedMessages(conversationId)).map((row) => row.chatwoot_message_id);
      expect(ids).toHaveLength(perConversation);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    const { token } = await loginAs(h.api, 'admin');
    const res = await request(h.api.app.getHttpServer())
      .get('/api/admin/system/streams')
      .set(bearer(token))
      .expect(200);
    const incoming = res.body.streams.find(
      (s: { name: string }) => s.name === StreamName.INCOMING_MESSAGES,
    );
    const busy = incoming.groups[0].consumers.filter(
      (c: { idle_ms: number }) => c.idle_ms < 60_000,
    );
    expect(busy.length).toBe(2);
  });
});
