import { maskPersonal } from '@tongban/catalog';
import type { Principal } from '@tongban/identity';
import { DomainError, hasRole, type DomainErrorCode } from '@tongban/runtime';

/** The shortest reason accepted for showing personal data in clear. */
export const UNMASK_REASON_MIN = 4;

/** Roles that see case data masked by default and may unmask it, giving a reason. */
const MASKED_BY_DEFAULT = ['admin', 'supervisor'];

/** Roles that may look cases up by the applicant's personal identifier. */
const MAY_LOOK_UP_APPLICANTS = ['admin', 'supervisor', 'integrator'];

/** What a caller asked about how personal data is shown: `?unmask=true&reason=…`. */
export interface DisclosureRequest {
  unmask?: boolean;
  reason?: string;
}

/** Whether a caller sees personal fields masked, and the reason given when they asked to see them in clear. */
export interface Disclosure {
  masked: boolean;
  reason?: string;
}

/**
 * Decides how a caller sees personal data of cases: supervisors and admins masked unless they ask
 * for it in clear with a reason; clerks and integrators in clear within what they may see at all.
 * An unmask without a reason, or by a role that never sees masked data, is refused.
 */
export function disclosureFor(principal: Principal, request: DisclosureRequest): Disclosure {
  const maskedByDefault = hasRole(principal, ...MASKED_BY_DEFAULT);
  if (!request.unmask) return { masked: maskedByDefault };
  if (!maskedByDefault) {
    throw new DomainError('FORBIDDEN', 'Only supervisors and admins unmask personal data; other roles see in clear only what their work needs', { parameter: 'unmask' });
  }
  const reason = request.reason?.trim() ?? '';
  if (reason.length < UNMASK_REASON_MIN) {
    throw new DomainError('UNMASK_REASON_REQUIRED' as DomainErrorCode, `unmask=true needs a reason of at least ${UNMASK_REASON_MIN} characters saying why the personal data is needed in clear`, { parameter: 'reason' });
  }
  return { masked: false, reason };
}

/** Refuses a lookup by personal identifier (`applicantCode`) to roles whose work does not need it. */
export function assertMayLookUpApplicants(principal: Principal): void {
  if (!hasRole(principal, ...MAY_LOOK_UP_APPLICANTS)) {
    throw new DomainError('FORBIDDEN', 'Looking cases up by the applicant\'s identifier is for supervisors, admins and integrators', { parameter: 'applicantCode' });
  }
}

/** An application with a citizen applicant's name masked (the only personal field of the progress view; a company's name is not personal). */
export function maskApplicant<T extends { applicant: { type: string; name: string } }>(view: T, disclosure: Disclosure): T {
  if (!disclosure.masked || view.applicant.type !== 'citizen') return view;
  return { ...view, applicant: { ...view.applicant, name: maskPersonal(view.applicant.name, 'name') as string } };
}
