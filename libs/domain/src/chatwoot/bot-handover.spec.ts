import { botPauseSteps, botResumeSteps, botStateAfter } from './bot-handover';

describe('bot hand-over steps', () => {
  it('resume steps switch the bot on first', () => {
    const steps = botResumeSteps({
      customerMessage: 'hola',
      removeLabels: ['escalado'],
      privateNote: 'n',
    });
    expect(steps[0]).toEqual({ kind: 'set_attributes', attributes: { atencion_automatica: true } });
    expect(botStateAfter(steps)).toBe(true);
  });

  it('pause steps switch the bot off', () => {
    expect(botStateAfter(botPauseSteps('note'))).toBe(false);
  });

  it('the last attribute write wins; other attributes and steps do not count', () => {
    expect(
      botStateAfter([
        { kind: 'set_attributes', attributes: { atencion_automatica: false } },
        { kind: 'set_attributes', attributes: { tipo: 'Particular' } },
        { kind: 'set_attributes', attributes: { atencion_automatica: true } },
      ]),
    ).toBe(true);
    expect(botStateAfter([{ kind: 'text', content: 'x' }])).toBeNull();
  });
});
