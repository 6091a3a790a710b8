import { Injectable, Module } from '@nestjs/common';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource, EntityManager } from 'typeorm';
import { parseEnvelope, StreamName } from '@app/domain';
import {
  ConversationPurgeParticipant,
  ConversationPurgeResult,
  ConversationPurger,
} from '../../apps/api/src/conversations/conversation-purge';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';

const tempDir = mkdtempSync(join(tmpdir(), 'msia-purge-'));
const purged: string[] = [];

/** Stands in for the cases/images module: owns one file per conversation. */
@Injectable()
@ConversationPurgeParticipant()
class FakeCaseImagesPurger implements ConversationPurger {
  public purge(_manager: EntityManager, conversationId: string): Promise<ConversationPurgeResult> {
    purged.push(conversationId);
    const file = join(tempDir, `${conversationId}.jpg`);
    return Promise.resolve({
      counts: { cases: 1, images: 1 },
      files: existsSync(file) ? [file] : [],
    });
  }
}

@Module({ providers: [FakeCaseImagesPurger] })
class FakeCasesModule {}

describe('customers and conversations admin API (e2e)', () => {
  let api: TestApi;
  let admin: string;
  let user: string;
  const server = () => api.app.getHttpServer();

  beforeAll(async () => {
    api = await bootApi({
      env: { CHATWOOT_API_URL: 'https://chat.example.com/', CHATWOOT_ACCOUNT_ID: '7' },
      imports: [FakeCasesModule],
    });
    admin = (await loginAs(api, 'admin')).token;
    user = (await loginAs(api, 'user')).token;
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('/api/admin/users', () => {
    it('creates a customer with the phone normalised to E.164 and queues the Chatwoot sync', async () => {
      const res = await request(server())
        .post('/api/admin/users')
        .set(bearer(user))
        .send({ phone: '612 345 678', first_name: 'Ana', email: 'ana@example.com' })
        .expect(201);
      expect(res.body).toMatchObject({
        phone: '+34612345678',
        first_name: 'Ana',
        client_type: 'particular',
        chatwoot_contact_id: null,
        metadata: {},
      });
      const raw = await api.redis.raw.xrange(
        `${api.redis.keyPrefix}${StreamName.OUTGOING_MESSAGES}`,
        '-',
        '+',
      );
      const envelopes = raw.map(([, fields]) => parseEnvelope(fields[1]));
      expect(envelopes).toContainEqual(
        expect.objectContaining({
          key: `contact:${res.body.id}`,
          payload: expect.objectContaining({
            steps: [{ kind: 'sync_contact', user_id: res.body.id }],
          }),
        }),
      );
    });

    it('answers 409 for the same phone in another format', async () => {
      const res = await request(server())
        .post('/api/admin/users')
        .set(bearer(user))
        .send({ phone: '0034612345678' })
        .expect(409);
      expect(res.body.error_code).toBe('PHONE_EXISTS');
    });

    it.each([
      [{ phone: '+3412345' }, 'phone'],
      [{ phone: 'abc' }, 'phone'],
      [{}, 'phone'],
      [{ phone: '+34699000111', client_type: 'vip' }, 'client_type'],
      [{ phone: '+34699000111', email: 'not-an-email' }, 'email'],
      [{ phone: '+34699000111', is_admin: true }, 'is_admin'],
    ])('rejects %p with 422 on %s', async (body, field) => {
      const res = await request(server()).post('/api/admin/users').set(bearer(user)).send(body);
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveProperty(field);
    });

    it('lists with search, filter, sorting and a bounded limit', async () => {
      await request(server())
        .post('/api/admin/users')
        .set(bearer(user))
        .send({ phone: '+34699000222', first_name: 'Bruno', client_type: 'professional' })
        .expect(201);
      const all = await request(server())
        .get('/api/admin/users?limit=100&sort_by=last_activity')
        .set(bearer(user))
        .expect(200);
      expect(all.body).toMatchObject({ total: 2, has_more: false });
      expect(all.body.items[0]).toHaveProperty('last_activity_at');
      const found = await request(server())
        .get('/api/admin/users?search=brun')
        .set(bearer(user))
        .expect(200);
      expect(found.body.items.map((u: { first_name: string }) => u.first_name)).toEqual(['Bruno']);
      const pros = await request(server())
        .get('/api/admin/users?client_type=professional')
        .set(bearer(user))
        .expect(200);
      expect(pros.body.total).toBe(1);
      const page = await request(server())
        .get('/api/admin/users?limit=1')
        .set(bearer(user))
        .expect(200);
      expect(page.body).toMatchObject({ total: 2, has_more: true });
      await request(server()).get('/api/admin/users?limit=201').set(bearer(user)).expect(422);
      await request(server()).get('/api/admin/users?limit=abc').set(bearer(user)).expect(422);
      await request(server()).get('/api/admin/users?sort_by=name').set(bearer(user)).expect(422);
    });

    it('updates partially, refuses a taken phone, and audits', async () => {
      const list = await request(server()).get('/api/admin/users?search=Bruno').set(bearer(user));
      const id = list.body.items[0].id as string;
      const res = await request(server())
        .put(`/api/admin/users/${id}`)
        .set(bearer(user))
        .send({ last_name: 'Díaz', domicilio_cp: '28001' })
        .expect(200);
      expect(res.body).toMatchObject({
        first_name: 'Bruno',
        last_name: 'Díaz',
        domicilio_cp: '28001',
      });
      await request(server())
        .put(`/api/admin/users/${id}`)
        .set(bearer(user))
        .send({ phone: '+34612345678' })
        .expect(409);
      const audits = await api.app
        .get(DataSource)
        .query(`SELECT action FROM audit_log WHERE entity_type = 'customer' AND entity_id = $1`, [
          id,
        ]);
      expect(audits.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'update']);
    });

    it('404 for an unknown id, 400 for a malformed one, 401 without a token', async () => {
      await request(server())
        .get('/api/admin/users/7b0c0c4e-0000-4000-8000-000000000000')
        .set(bearer(user))
        .expect(404);
      await request(server()).get('/api/admin/users/not-a-uuid').set(bearer(user)).expect(400);
      await request(server()).get('/api/admin/users').expect(401);
    });

    it('only admins delete customers', async () => {
      const list = await request(server()).get('/api/admin/users?search=Bruno').set(bearer(user));
      const id = list.body.items[0].id as string;
      await request(server()).delete(`/api/admin/users/${id}`).set(bearer(user)).expect(403);
      await request(server()).delete(`/api/admin/users/${id}`).set(bearer(admin)).expect(200);
      await request(server()).get(`/api/admin/users/${id}`).set(bearer(user)).expect(404);
    });
  });

  describe('/api/admin/conversations', () => {
    let historyId: string;
    let customerId: string;

    beforeAll(async () => {
      const db = api.app.get(DataSource);
      const [customer] = await db.query(
        `INSERT INTO users (phone, first_name, last_name, chatwoot_contact_id)
         VALUES ('+34655000111', 'Carla', 'Ruiz', 555) RETURNING id`,
      );
      customerId = customer.id;
      const [history] = await db.query(
        `INSERT INTO conversation_history (conversation_id, user_id, message_count)
         VALUES ('4242', $1, 2) RETURNING id`,
        [customerId],
      );
      historyId = history.id;
      await db.query(
        `INSERT INTO conversation_messages
           (conversation_history_id, role, content, chatwoot_message_id, has_images, image_count, created_at)
         VALUES ($1, 'user', 'hola', 1, false, 0, now() - interval '3 min'),
                ($1, 'assistant', '¿en qué te ayudo?', null, false, 0, now() - interval '2 min'),
                ($1, 'user', 'foto', 2, true, 1, now() - interval '1 min')`,
        [historyId],
      );
      await db.query(
        `INSERT INTO escalations (conversation_id, user_id, reason, source) VALUES ('4242', $1, 'x', 'tool_call')`,
        [customerId],
      );
      await db.query(
        `INSERT INTO conversation_history (conversation_id, message_count, started_at)
         VALUES ('4243', 0, now() - interval '1 day')`,
      );
      const prefix = api.redis.keyPrefix;
      await api.redis.raw.set(`${prefix}conversation:4242:state`, '{}');
      await api.redis.raw.set(`${prefix}image_batch:4242`, '1');
      await api.redis.raw.set(`${prefix}conversation:4243:state`, '{}');
      writeFileSync(join(tempDir, '4242.jpg'), 'jpeg bytes');
    });

    it('lists conversations newest first with the customer and the Chatwoot link', async () => {
      const res = await request(server())
        .get('/api/admin/conversations?limit=100&sort_by=started_at')
        .set(bearer(user))
        .expect(200);
      expect(res.body).toMatchObject({ total: 2, has_more: false });
      expect(res.body.items[0]).toMatchObject({
        id: historyId,
        conversation_id: '4242',
        user_id: customerId,
        user_name: 'Carla Ruiz',
        user_phone: '+34655000111',
        message_count: 2,
        summary: null,
        ended_at: null,
        chatwoot_url: 'https://chat.example.com/app/accounts/7/conversations/4242',
      });
      const mine = await request(server())
        .get(`/api/admin/conversations?user_id=${customerId}`)
        .set(bearer(user))
        .expect(200);
      expect(mine.body.total).toBe(1);
      await request(server())
        .get('/api/admin/conversations?user_id=nope')
        .set(bearer(user))
        .expect(422);
    });

    it('returns one conversation, its messages oldest first, and stats', async () => {
      const one = await request(server())
        .get(`/api/admin/conversations/${historyId}`)
        .set(bearer(user))
        .expect(200);
      expect(one.body.conversation_id).toBe('4242');
      const page = await request(server())
        .get(`/api/admin/conversations/${historyId}/messages?limit=2`)
        .set(bearer(user))
        .expect(200);
      expect(page.body).toMatchObject({ total: 3, has_more: true, conversation_id: historyId });
      expect(page.body.messages.map((m: { content: string }) => m.content)).toEqual([
        'hola',
        '¿en qué te ayudo?',
      ]);
      expect(page.body.messages[0]).toMatchObject({
        role: 'user',
        chatwoot_message_id: 1,
        has_images: false,
      });
      const stats = await request(server())
        .get(`/api/admin/conversations/${historyId}/messages/stats`)
        .set(bearer(user))
        .expect(200);
      expect(stats.body).toMatchObject({
        total_messages: 3,
        user_messages: 2,
        assistant_messages: 1,
        messages_with_images: 1,
      });
      expect(stats.body.first_message_at < stats.body.last_message_at).toBe(true);
      await request(server())
        .get(`/api/admin/conversations/${historyId}/messages?limit=500`)
        .set(bearer(user))
        .expect(422);
    });

    it('deletes a conversation with messages, escalations, files and Redis state (admin only)', async () => {
      await request(server())
        .delete(`/api/admin/conversations/${historyId}`)
        .set(bearer(user))
        .expect(403);
      const res = await request(server())
        .delete(`/api/admin/conversations/${historyId}`)
        .set(bearer(admin))
        .expect(200);
      expect(res.body).toEqual({
        message: 'Conversación eliminada',
        details: {
          conversation_id: '4242',
          deleted_messages: 3,
          deleted_cases: 1,
          deleted_images: 1,
          deleted_escalations: 1,
          deleted_rag_queries: 0,
          deleted_redis_keys: 2,
          deleted_files: 1,
        },
      });
      expect(purged).toContain('4242');
      expect(existsSync(join(tempDir, '4242.jpg'))).toBe(false);
      const prefix = api.redis.keyPrefix;
      expect(await api.redis.raw.exists(`${prefix}conversation:4242:state`)).toBe(0);
      expect(await api.redis.raw.exists(`${prefix}conversation:4243:state`)).toBe(1);
      const db = api.app.get(DataSource);
      const [{ count }] = await db.query(
        `SELECT count(*)::int AS count FROM conversation_messages WHERE conversation_history_id = $1`,
        [historyId],
      );
      expect(count).toBe(0);
      await request(server())
        .get(`/api/admin/conversations/${historyId}`)
        .set(bearer(user))
        .expect(404);
      await request(server())
        .delete(`/api/admin/conversations/${historyId}`)
        .set(bearer(admin))
        .expect(404);
    });
  });
});
