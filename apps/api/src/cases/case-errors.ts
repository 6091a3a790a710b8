import { CaseStatus, conflict, DomainError, ErrorCode, invalid } from '@app/domain';

export const CaseErrorCode = {
  INVALID_STATUS: 'CASE_INVALID_STATUS',
  INVALID_TRANSITION: 'CASE_INVALID_TRANSITION',
  NOT_PENDING_REVIEW: 'CASE_NOT_PENDING_REVIEW',
  ALREADY_RESOLVED: 'CASE_ALREADY_RESOLVED',
  ACTIVE_CASE_EXISTS: 'CASE_ACTIVE_CASE_EXISTS',
  NO_IMAGES: 'CASE_NO_IMAGES',
  NOTHING_TO_UPDATE: 'CASE_NOTHING_TO_UPDATE',
} as const;

export const unknownCaseStatus = (value: string, valid: readonly string[]): DomainError =>
  invalid(
    CaseErrorCode.INVALID_STATUS,
    `Estado no válido: "${value}". Debe ser uno de: ${valid.join(', ')}`,
    { requested_status: value, valid_statuses: valid },
  );

export const invalidTransition = (
  from: CaseStatus,
  to: CaseStatus,
  allowed: readonly CaseStatus[],
): DomainError =>
  invalid(
    CaseErrorCode.INVALID_TRANSITION,
    `No se puede pasar un expediente de "${from}" a "${to}". ` +
      `Desde "${from}" solo se permite: ${allowed.length ? allowed.join(', ') : '(ninguno)'}`,
    { current_status: from, requested_status: to, allowed_statuses: allowed },
  );

export const activeCaseExists = (conversationId: string): DomainError =>
  conflict(
    CaseErrorCode.ACTIVE_CASE_EXISTS,
    'La conversación ya tiene otro expediente activo; ciérrelo antes de reabrir este',
    { conversation_id: conversationId },
  );

export const invalidElementCode = (): DomainError =>
  invalid(ErrorCode.VALIDATION_FAILED, 'Código de elemento no válido', {
    pattern: '^[A-Za-z0-9_-]{1,50}$',
  });
