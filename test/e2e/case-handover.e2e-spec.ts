/**
 * Chatwoot effects of staff actions, observed at a fake Chatwoot server and delivered by a real
 * worker process: take (bot off, label, note), resolve (bot on first, customer notice, label
 * removed keeping the others, note), escalation resolve, and a Chatwoot outage in between.
 */
import request from 'supertest';
import { BotMessages } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { CaseSeeder } from '../support/cases';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { waitFor } from '../support/process';
import { startWorker, TestWorker } from '../support/worker';

jest.setTimeout(120_000);

/** Waits for a synchronous condition on the fake server's state. */
const until = (check: () => boolean): Promise<boolean> => waitFor(() => Promise.resolve(check()));

describe('case and escalation hand-over through the outgoing stream (e2e, worker process)', () => {
  let chatwoot: FakeChatwoot;
  let api: TestApi;
  let worker: TestWorker;
  let token: string;
  let seed: CaseSeeder;

  const http = () => request(api.app.getHttpServer());
  const calls = (conversationId: number) =>
    chatwoot.requests.filter((call) => call.path.includes(`/conversations/${conversationId}/`));
  const writes = (conversationId: number) =>
    calls(conversationId)
      .filter((call) => call.method === 'POST')
      .map((call) => call.path.split('/').pop());

  beforeAll(async () => {
    chatwoot = await new FakeChatwoot().start();
    api = await bootApi({ env: { CHATWOOT_API_URL: chatwoot.url } });
    worker = await startWorker(api.db, api.redis, chatwoot);
    ({ token } = await loginAs(api, 'user', { displayName: 'Marta Técnica' }));
    seed = new CaseSeeder(api);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await chatwoot?.stop();
  });

  it('take disables the bot; resolve re-enables it, tells the customer and removes the label', async () => {
    const conversation = chatwoot.conversation(7001, { atencion_automatica: true });
    conversation.labels = ['vip'];
    const kase = await seed.case({ conversationId: '7001', status: 'pending_review' });

    await http().post(`/api/admin/cases/${kase.id}/take`).set(bearer(token)).expect(200);
    await until(() => conversation.labels.includes('expediente'));
    expect(conversation.custom_attributes.atencion_automatica).toBe(false);
    expect(conversation.labels).toEqual(['vip', 'expediente']);
    expect(chatwoot.outgoing(7001)).toEqual([]); // nothing said to the customer on take
    expect(chatwoot.outgoing(7001, true).map((m) => m.content)).toEqual([
      expect.stringContaining('Tomado por: Marta Técnica'),
    ]);

    await http().post(`/api/admin/cases/${kase.id}/resolve`).set(bearer(token)).expect(200);
    await until(() =>
      chatwoot.outgoing(7001, true).some((m) => m.content?.startsWith('EXPEDIENTE RESUELTO')),
    );
    expect(conversation.custom_attributes.atencion_automatica).toBe(true);
    expect(conversation.labels).toEqual(['vip']);
    expect(chatwoot.outgoing(7001).map((m) => m.content)).toEqual([BotMessages.CASE_RESOLVED]);
    // The bot is back on before the customer reads the notice (and may answer it).
    expect(writes(7001)).toEqual([
      'custom_attributes', // take: bot off
      'messages', // take: private note
      'labels', // take: + expediente
      'custom_attributes', // resolve: bot on
      'messages', // resolve: notice to the customer
      'labels', // resolve: - expediente
      'messages', // resolve: private note
    ]);
  });

  it('an escalation resolve survives a Chatwoot outage and is delivered exactly once', async () => {
    const conversation = chatwoot.conversation(7002, { atencion_automatica: false });
    conversation.labels = ['escalado', 'urgente'];
    const escalation = await seed.escalation({ conversationId: '7002' });
    chatwoot.fail('POST', /\/conversations\/7002\/custom_attributes$/, 503, 2);
    chatwoot.fail('POST', /\/conversations\/7002\/messages$/, 500, 1);

    await http()
      .post(`/api/admin/escalations/${escalation.id}/resolve`)
      .set(bearer(token))
      .expect(200);
    await until(() =>
      chatwoot.outgoing(7002, true).some((m) => m.content?.startsWith('ESCALACIÓN RESUELTA')),
    );
    expect(conversation.custom_attributes.atencion_automatica).toBe(true);
    expect(conversation.labels).toEqual(['urgente']);
    expect(chatwoot.outgoing(7002).map((m) => m.content)).toEqual([
      BotMessages.ESCALATION_RESOLVED,
    ]);
    expect(chatwoot.outgoing(7002, true).filter((m) => m.private)).toHaveLength(1);
    // 2 refused + 1 delivered attribute writes: the failures were retried, not swallowed.
    expect(calls(7002).filter((call) => call.path.endsWith('/custom_attributes'))).toHaveLength(3);
  });

  it('a status change that does not touch the bot sends nothing to Chatwoot', async () => {
    const kase = await seed.case({ conversationId: '7003', status: 'collecting' });
    await http()
      .post(`/api/admin/cases/${kase.id}/status`)
      .set(bearer(token))
      .send({ status: 'pending_review' })
      .expect(200);
    // Leaving in_progress later does re-enable the bot, without a customer message.
    chatwoot.conversation(7003, { atencion_automatica: true });
    await http().post(`/api/admin/cases/${kase.id}/take`).set(bearer(token)).expect(200);
    await http()
      .post(`/api/admin/cases/${kase.id}/status`)
      .set(bearer(token))
      .send({ status: 'pending_review', notes: 'Devuelto al bot para pedir más fotos' })
      .expect(200);
    await until(() =>
      chatwoot.outgoing(7003, true).some((m) => m.content?.startsWith('EXPEDIENTE DEVUELTO')),
    );
    expect(chatwoot.conversation(7003).custom_attributes.atencion_automatica).toBe(true);
    expect(chatwoot.outgoing(7003)).toEqual([]);
    expect(writes(7003)[0]).toBe('custom_attributes'); // nothing before the take
  });
});
