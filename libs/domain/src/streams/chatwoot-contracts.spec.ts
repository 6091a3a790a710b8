import { buildReplySteps } from './chatwoot-contracts';

describe('buildReplySteps', () => {
  it('sends the stripped text, numbered images with pauses, then the follow-up', () => {
    const steps = buildReplySteps(
      {
        text: '**Precio:** 120 €',
        images: [
          { url: '/images/a.jpg', description: 'Escape homologado' },
          { url: '/images/b.jpg', description: null },
        ],
        follow_up: '¿Quieres abrir el *expediente*?',
      },
      5000,
    );
    expect(steps).toEqual([
      { kind: 'text', content: 'Precio: 120 €' },
      { kind: 'image', url: '/images/a.jpg', caption: '(1/2) Escape homologado' },
      { kind: 'pause', ms: 5000 },
      { kind: 'image', url: '/images/b.jpg', caption: '(2/2)' },
      { kind: 'pause', ms: 5000 },
      { kind: 'text', content: '¿Quieres abrir el expediente?' },
    ]);
  });

  it('sends a text-only reply as one step', () => {
    expect(buildReplySteps({ text: 'Hola', images: [], follow_up: null }, 5000)).toEqual([
      { kind: 'text', content: 'Hola' },
    ]);
  });
});
