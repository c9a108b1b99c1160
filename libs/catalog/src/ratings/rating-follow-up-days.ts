import { CatalogDomainError } from '../nest/catalog-domain.error';

/** Working days a department has to call back and rectify after a poor rating, when not configured. */
export const DEFAULT_RATING_FOLLOW_UP_DAYS = 5;

/** `TONGBAN_RATING_FOLLOW_UP_DAYS`, a whole number of working days from 1 to 60 (default 5). */
export function ratingFollowUpDays(env: Record<string, string | undefined>): number {
  const raw = env.TONGBAN_RATING_FOLLOW_UP_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_RATING_FOLLOW_UP_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 60) {
    throw new CatalogDomainError('VALIDATION_FAILED', `TONGBAN_RATING_FOLLOW_UP_DAYS must be a whole number of working days from 1 to 60, not ${raw}`);
  }
  return days;
}
