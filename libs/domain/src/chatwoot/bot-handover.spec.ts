import {
  BOT_ATTRIBUTE,
  botPauseSteps,
  botResumeSteps,
  botStateAfter,
  caseStatusHandover,
  ConversationLabel,
  panicHandoverSteps,
} from './bot-handover';

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

describe('caseStatusHandover', () => {
  const change = { actorName: 'Ana', escalationsResolved: false };

  it('taking a case silences the bot and labels the conversation', () => {
    const handover = caseStatusHandover({ ...change, from: 'pending_review', to: 'in_progress' });
    expect(handover?.reason).toBe('case_taken');
    expect(botStateAfter(handover?.steps ?? [])).toBe(false);
    expect(handover?.steps).toContainEqual({
      kind: 'add_labels',
      labels: [ConversationLabel.CASE],
    });
    expect(handover?.steps).toContainEqual(
      expect.objectContaining({ kind: 'private_note', content: expect.stringContaining('Ana') }),
    );
  });

  it('resolving tells the customer and removes the escalation label only when escalations went with it', () => {
    const plain = caseStatusHandover({ ...change, from: 'in_progress', to: 'resolved' });
    expect(plain?.reason).toBe('case_resolved');
    expect(botStateAfter(plain?.steps ?? [])).toBe(true);
    expect(plain?.steps).toContainEqual({
      kind: 'remove_labels',
      labels: [ConversationLabel.CASE],
    });
    expect(plain?.steps.some((step) => step.kind === 'text')).toBe(true);
    const cascaded = caseStatusHandover({
      ...change,
      escalationsResolved: true,
      from: 'in_progress',
      to: 'resolved',
    });
    expect(cascaded?.steps).toContainEqual({
      kind: 'remove_labels',
      labels: [ConversationLabel.CASE, ConversationLabel.ESCALATED],
    });
  });

  it('moving out of in_progress hands back silently; other changes do nothing in Chatwoot', () => {
    const released = caseStatusHandover({ ...change, from: 'in_progress', to: 'pending_review' });
    expect(released?.reason).toBe('case_released');
    expect(botStateAfter(released?.steps ?? [])).toBe(true);
    expect(released?.steps.some((step) => step.kind === 'text')).toBe(false);
    expect(caseStatusHandover({ ...change, from: 'collecting', to: 'pending_review' })).toBeNull();
  });
});

describe('panicHandoverSteps', () => {
  const options = {
    customerMessage: '**Fuera de servicio**',
    customerName: 'Luis',
    escalationId: 'esc-1',
    unassignTeam: false,
  };

  it('silences the bot, tells the customer in WhatsApp text and labels the conversation', () => {
    const steps = panicHandoverSteps(options);
    expect(steps[0]).toEqual({ kind: 'set_attributes', attributes: { [BOT_ATTRIBUTE]: false } });
    expect(steps[1]).toEqual({ kind: 'text', content: 'Fuera de servicio' });
    expect(steps[2]).toEqual({ kind: 'add_labels', labels: [ConversationLabel.ESCALATED] });
    expect(steps[3]).toMatchObject({ kind: 'private_note' });
    expect(JSON.stringify(steps[3])).toContain('Luis');
    expect(JSON.stringify(steps[3])).toContain('esc-1');
    expect(steps).toHaveLength(4);
  });

  it('unassigns the team when one is configured', () => {
    expect(panicHandoverSteps({ ...options, unassignTeam: true }).at(-1)).toEqual({
      kind: 'assign_team',
      team_id: null,
    });
  });
});
