/** Collection progress of one element of a case: photos first, then its required fields. */
export const CASE_ELEMENT_STATUSES = ['pending_photos', 'pending_data', 'completed'] as const;
export type CaseElementStatus = (typeof CASE_ELEMENT_STATUSES)[number];
