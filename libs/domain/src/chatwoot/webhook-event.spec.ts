import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpretWebhook, receivedFromApi } from './webhook-event';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely in tests
const fixture = (name: string): Record<string, any> =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../../test/fixtures/chatwoot', `${name}.json`), 'utf8'),
  );
const NOW = new Date('2026-11-20T09:00:00.000Z');

describe('interpretWebhook', () => {
  it('accepts an incoming text message reading only top-level fields', () => {
    const body = fixture('message_created_incoming_text');
    // conversation.messages[] may describe another message: it must not be read.
    body.conversation.messages[0].id = 1;
    body.conversation.messages[0].content = 'other message';
    const decision = interpretWebhook(body, NOW);
    expect(decision).toEqual({
      outcome: 'accept',
      message: {
        chatwoot_message_id: 9001,
        conversation_id: '128',
        account_id: 1,
        inbox_id: 3,
        content: 'Olá! Meu pedido #4521 ainda não chegou, podem verificar?',
        content_type: 'text',
        created_at: '2026-07-28T13:05:12.345Z',
        attachments: [],
        contact: {
          id: 42,
          name: 'Maria Souza',
          email: null,
          identifier: null,
          whatsapp_username: null,
          phone: { raw: '+5511987654321', e164: '+5511987654321', status: 'valid' },
        },
        conversation_attributes: { atencion_automatica: null, tipo: null },
        source: 'webhook',
        received_at: NOW.toISOString(),
      },
    });
  });

  it('copies top-level attachments', () => {
    const decision = interpretWebhook(fixture('message_created_incoming_image'), NOW);
    expect(decision.outcome).toBe('accept');
    if (decision.outcome !== 'accept') return;
    expect(decision.message.attachments).toEqual([
      expect.objectContaining({ id: 8801, file_type: 'image', content_type: 'image/jpeg' }),
    ]);
  });

  it('normalises a Spanish number', () => {
    const decision = interpretWebhook(fixture('message_created_incoming_es'), NOW);
    expect(decision.outcome === 'accept' && decision.message.contact.phone).toEqual({
      raw: '+34612345678',
      e164: '+34612345678',
      status: 'valid',
    });
  });

  it('accepts a WhatsApp username user without phone', () => {
    const decision = interpretWebhook(fixture('message_created_incoming_bsuid'), NOW);
    expect(decision.outcome).toBe('accept');
    if (decision.outcome !== 'accept') return;
    expect(decision.message.contact.phone.status).toBe('missing');
    expect(decision.message.contact.whatsapp_username).toBe('juanp_moto');
    expect(decision.message.contact.id).toBe(42);
  });

  it('accepts an invalid phone, flagged and kept as given', () => {
    const decision = interpretWebhook(fixture('message_created_incoming_invalid_phone'), NOW);
    expect(decision.outcome === 'accept' && decision.message.contact.phone).toEqual({
      raw: '+3412345',
      e164: null,
      status: 'invalid',
    });
  });

  it('falls back to the WhatsApp source id when the sender has no phone', () => {
    const body = fixture('message_created_incoming_es');
    body.sender.phone_number = null;
    body.conversation.meta.sender.phone_number = null;
    const decision = interpretWebhook(body, NOW);
    expect(decision.outcome === 'accept' && decision.message.contact.phone.e164).toBe(
      '+34612345678',
    );
  });

  it.each([
    'message_created_outgoing_agent',
    'message_created_private_note',
    'message_updated',
    'conversation_created',
    'conversation_status_changed',
    'conversation_updated_assignee',
    'contact_created',
    'contact_updated',
  ])('ignores %s', (name) => {
    expect(interpretWebhook(fixture(name), NOW).outcome).toBe('ignored');
  });

  it.each([true, 'true'])('passes atencion_automatica=%p', (value) => {
    const body = fixture('message_created_incoming_text');
    body.conversation.custom_attributes = { atencion_automatica: value, tipo: 'Profesional' };
    const decision = interpretWebhook(body, NOW);
    expect(decision.outcome === 'accept' && decision.message.conversation_attributes).toEqual({
      atencion_automatica: true,
      tipo: 'Profesional',
    });
  });

  it.each([false, 'false'])('reports atencion_automatica=%p', (value) => {
    const body = fixture('message_created_incoming_text');
    body.conversation.custom_attributes = { atencion_automatica: value };
    const decision = interpretWebhook(body, NOW);
    expect(decision).toMatchObject({
      outcome: 'ignored_auto_attention_disabled',
      chatwootMessageId: 9001,
      conversationId: '128',
    });
    // The message is kept for the window in which staff have just re-enabled the bot.
    expect(
      decision.outcome === 'ignored_auto_attention_disabled' && decision.message,
    ).toMatchObject({
      chatwoot_message_id: 9001,
      conversation_id: '128',
      conversation_attributes: { atencion_automatica: false },
    });
  });

  it.each([[null], ['text'], [[]], [{}], [{ event: 5 }], [{ event: 'message_created' }]])(
    'calls %p invalid',
    (body) => {
      expect(interpretWebhook(body, NOW).outcome).toBe('invalid');
    },
  );
});

describe('receivedFromApi', () => {
  const body = fixture('message_created_incoming_es');

  it('builds the same payload from a REST conversation and message', () => {
    const message = body.conversation.messages[0];
    const result = receivedFromApi(body.conversation, message, NOW);
    expect(result).toMatchObject({
      chatwoot_message_id: 9101,
      conversation_id: '501',
      content: 'Hola, quiero homologar el escape de mi moto',
      created_at: new Date(message.created_at * 1000).toISOString(),
      source: 'reconciler',
      contact: { id: 42, phone: { e164: '+34612345678', status: 'valid' } },
    });
  });

  it('skips outgoing and private messages', () => {
    const message = { ...body.conversation.messages[0], message_type: 1 };
    expect(receivedFromApi(body.conversation, message, NOW)).toBeNull();
    const note = { ...body.conversation.messages[0], private: true };
    expect(receivedFromApi(body.conversation, note, NOW)).toBeNull();
  });
});
