import { ChatwootMessage } from '@app/chatwoot';
import { photoMessagesSince } from './missed-photos';

const image = (id: number) => ({
  id,
  file_type: 'image',
  data_url: `https://chat.example.com/blob/${id}.jpg`,
  content_type: 'image/jpeg',
});

const message = (id: number, fields: Partial<ChatwootMessage> = {}): ChatwootMessage => ({
  id,
  content: null,
  message_type: 0,
  private: false,
  created_at: 1_700_000_100,
  attachments: [image(id * 10)],
  ...fields,
});

describe('photoMessagesSince', () => {
  it('keeps incoming messages with images since the case opened, oldest first', () => {
    const found = photoMessagesSince(
      [
        message(12, { content: 'otra' }),
        message(11),
        message(10, { created_at: 1_699_999_999 }), // before the case
        message(13, { message_type: 1 }), // the bot's own image
        message(14, { private: true }), // a staff note
        message(15, { attachments: [{ id: 150, file_type: 'audio' }] }),
        message(16, { attachments: [] }),
      ],
      1_700_000_000_000,
    );
    expect(found.map((m) => m.chatwootMessageId)).toEqual([11, 12]);
    expect(found[1]).toEqual({
      chatwootMessageId: 12,
      content: 'otra',
      attachments: [
        {
          id: 120,
          file_type: 'image',
          data_url: 'https://chat.example.com/blob/120.jpg',
          thumb_url: null,
          content_type: 'image/jpeg',
          extension: null,
          file_size: null,
        },
      ],
    });
  });

  it('reads ISO timestamps and "incoming" as Chatwoot versions send them', () => {
    const found = photoMessagesSince(
      [message(20, { created_at: '2023-11-14T22:15:00Z', message_type: 'incoming' })],
      Date.parse('2023-11-14T22:00:00Z'),
    );
    expect(found).toHaveLength(1);
  });
});
