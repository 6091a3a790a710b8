/**
 * Case ("expediente") lifecycle. Every status change, also from the admin panel, must follow
 * this table, and an invalid one names the allowed targets.
 */
export const CaseStatus = {
  COLLECTING: 'collecting',
  PENDING_IMAGES: 'pending_images',
  PENDING_REVIEW: 'pending_review',
  IN_PROGRESS: 'in_progress',
  RESOLVED: 'resolved',
  CANCELLED: 'cancelled',
  ABANDONED: 'abandoned',
} as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];

export const CASE_STATUSES: readonly CaseStatus[] = Object.values(CaseStatus);

/** A conversation may hold at most one case in one of these states. */
export const ACTIVE_CASE_STATUSES: readonly CaseStatus[] = [
  CaseStatus.COLLECTING,
  CaseStatus.PENDING_IMAGES,
  CaseStatus.PENDING_REVIEW,
  CaseStatus.IN_PROGRESS,
];

const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  // The bot collects data; staff may still cancel, mark abandoned or pull it into review.
  collecting: ['pending_images', 'pending_review', 'cancelled', 'abandoned'],
  pending_images: ['collecting', 'pending_review', 'cancelled', 'abandoned'],
  // A human picks it up (take) or sends it back for more data.
  pending_review: ['in_progress', 'collecting', 'pending_images', 'resolved', 'cancelled'],
  in_progress: ['pending_review', 'pending_images', 'resolved', 'cancelled'],
  // Terminal states can only be reopened into review by staff.
  resolved: ['in_progress'],
  cancelled: ['pending_review'],
  abandoned: ['pending_review'],
};

export const isCaseStatus = (value: unknown): value is CaseStatus =>
  typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);

export const allowedCaseTransitions = (from: CaseStatus): readonly CaseStatus[] =>
  TRANSITIONS[from];

export const canTransitionCase = (from: CaseStatus, to: CaseStatus): boolean =>
  TRANSITIONS[from].includes(to);

export const isActiveCaseStatus = (status: CaseStatus): boolean =>
  ACTIVE_CASE_STATUSES.includes(status);
