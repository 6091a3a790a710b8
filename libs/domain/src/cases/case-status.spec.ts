import {
  allowedCaseTransitions,
  canTransitionCase,
  CASE_STATUSES,
  CaseStatus,
  isActiveCaseStatus,
  isCaseStatus,
} from './case-status';

describe('case status transitions', () => {
  it('lists the seven case statuses', () => {
    expect([...CASE_STATUSES].sort()).toEqual([
      'abandoned',
      'cancelled',
      'collecting',
      'in_progress',
      'pending_images',
      'pending_review',
      'resolved',
    ]);
  });

  it.each([
    ['pending_review', 'in_progress'],
    ['in_progress', 'resolved'],
    ['collecting', 'cancelled'],
    ['resolved', 'in_progress'],
  ] as [CaseStatus, CaseStatus][])('allows %s -> %s', (from, to) => {
    expect(canTransitionCase(from, to)).toBe(true);
  });

  it.each([
    ['collecting', 'resolved'],
    ['resolved', 'collecting'],
    ['cancelled', 'in_progress'],
    ['in_progress', 'abandoned'],
  ] as [CaseStatus, CaseStatus][])('refuses %s -> %s', (from, to) => {
    expect(canTransitionCase(from, to)).toBe(false);
  });

  it('never lists a status as a transition to itself', () => {
    for (const status of CASE_STATUSES) {
      expect(allowedCaseTransitions(status)).not.toContain(status);
    }
  });

  it('only targets known statuses', () => {
    for (const status of CASE_STATUSES) {
      for (const target of allowedCaseTransitions(status)) expect(isCaseStatus(target)).toBe(true);
    }
  });

  it('knows which statuses are active', () => {
    expect(isActiveCaseStatus('pending_review')).toBe(true);
    expect(isActiveCaseStatus('resolved')).toBe(false);
    expect(isCaseStatus('done')).toBe(false);
  });
});
