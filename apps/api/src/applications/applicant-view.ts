import type { Principal } from '@tongban/identity';

/** Whether the caller is an applicant signed in with their own account (not a key acting for them). */
export function isSignedInApplicant(p: Principal): boolean {
  return !!p.applicant && !p.integrator;
}

/** An accepted application as its applicant sees it: without the process instance behind it. */
export function acceptedForApplicant<T extends { processInstanceId?: string }>(accepted: T): Omit<T, 'processInstanceId'> {
  const { processInstanceId: _instance, ...rest } = accepted;
  return rest;
}

/** A rating as its applicant sees it: what they said, not the internal ids of the rating or of the departments' follow-ups. */
export function ratingForApplicant(rating: { level: number; items: Array<{ item: string; level: number }>; comment: string | null; createdAt: Date }) {
  return { level: rating.level, items: rating.items, comment: rating.comment, createdAt: rating.createdAt };
}
