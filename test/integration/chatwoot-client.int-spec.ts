import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ChatwootApiError, ChatwootClient } from '@app/chatwoot';
import { FAKE_CHATWOOT_TOKEN, FakeChatwoot } from '../support/fake-chatwoot';

describe('ChatwootClient (integration, local fake Chatwoot)', () => {
  let chatwoot: FakeChatwoot;
  let client: ChatwootClient;

  beforeAll(async () => {
    chatwoot = await new FakeChatwoot().start();
    client = new ChatwootClient({
      baseUrl: `${chatwoot.url}/`,
      apiToken: FAKE_CHATWOOT_TOKEN,
      accountId: 1,
      inboxId: 3,
      timeoutMs: 1000,
      maxAttempts: 3,
      retryBaseMs: 10,
      retryMaxMs: 20,
    });
  });

  afterAll(async () => {
    await chatwoot.stop();
  });

  beforeEach(() => chatwoot.clearScripts());

  it('adds and removes labels keeping the others', async () => {
    chatwoot.conversation(1).labels = ['vip', 'expediente'];
    expect(await client.addLabels(1, ['escalado'])).toEqual(['vip', 'expediente', 'escalado']);
    expect(await client.removeLabels(1, ['expediente'])).toEqual(['vip', 'escalado']);
    expect(chatwoot.conversations.get(1)?.labels).toEqual(['vip', 'escalado']);
  });

  it('retries idempotent calls on 5xx and succeeds', async () => {
    chatwoot.fail('POST', /\/conversations\/2\/custom_attributes$/, 503, 2);
    await client.setCustomAttributes(2, { atencion_automatica: false });
    expect(chatwoot.conversations.get(2)?.custom_attributes.atencion_automatica).toBe(false);
    expect(chatwoot.calls('POST', /\/conversations\/2\/custom_attributes$/)).toHaveLength(3);
  });

  it('never repeats a message send that may have reached Chatwoot, and throws', async () => {
    chatwoot.fail('POST', /\/conversations\/3\/messages$/, 500, 1);
    await expect(client.sendMessage(3, 'hola')).rejects.toMatchObject({
      name: 'ChatwootApiError',
      status: 500,
      retryable: true,
    });
    expect(chatwoot.calls('POST', /\/conversations\/3\/messages$/)).toHaveLength(1);
  });

  it('does not retry a 4xx and marks it permanent', async () => {
    chatwoot.fail('POST', /\/conversations\/4\/assignments$/, 404, 5);
    const error = await client.assignTeam(4, 9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatwootApiError);
    expect((error as ChatwootApiError).retryable).toBe(false);
    expect(chatwoot.calls('POST', /\/conversations\/4\/assignments$/)).toHaveLength(1);
  });

  it('times out a hanging Chatwoot', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const slow = new ChatwootClient({
      baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      apiToken: 't',
      accountId: 1,
      inboxId: null,
      timeoutMs: 200,
      maxAttempts: 1,
      retryBaseMs: 10,
      retryMaxMs: 10,
    });
    await expect(slow.getConversation(1)).rejects.toThrow(/timeout after 200 ms/);
    hanging.closeAllConnections();
    hanging.close();
  });

  it('sends images as multipart attachments with a caption', async () => {
    await client.sendAttachment(
      5,
      { data: Buffer.from('png'), filename: 'a.png', contentType: 'image/png' },
      '(1/1) Escape',
    );
    const [call] = chatwoot.calls('POST', /\/conversations\/5\/messages$/);
    expect(call?.multipart).toEqual({ content: '(1/1) Escape', files: 1 });
  });

  it('finds, creates and updates contacts', async () => {
    expect(await client.findContactByPhone('+34600000001')).toBeNull();
    const contact = await client.createContact({ phone_number: '+34600000001', name: 'Eva' });
    expect((await client.findContactByPhone('+34600000001'))?.id).toBe(contact.id);
    await client.updateContact(contact.id, { custom_attributes: { tipo: 'Particular' } });
    expect((await client.getContact(contact.id)).custom_attributes).toEqual({ tipo: 'Particular' });
  });

  it('lists messages with the before cursor', async () => {
    for (let i = 0; i < 25; i += 1) {
      chatwoot.addIncoming(6, `m${i}`, { id: 1, name: 'x', phone_number: null }, 1000 + i);
    }
    const latest = await client.listMessages(6);
    expect(latest).toHaveLength(20);
    const older = await client.listMessages(6, { before: latest[0].id });
    expect(older.map((m) => m.content)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });
});
