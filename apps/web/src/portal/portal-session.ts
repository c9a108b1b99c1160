import { shallowRef } from 'vue';
import { ApiClient } from '../api/api-client';
import type { TokenResponse, User } from '../api/api.types';
import { Session } from '../session/session.store';

/** A citizen ID number (the 18-character GB 11643 form); any other applicant code is a company's credit code. */
const CITIZEN_ID = /^\d{17}[\dX]$/;

/** Who uses the portal: the applicant (a citizen by ID number or a company by credit code). */
export interface Applicant {
  type: 'citizen' | 'company';
  code: string;
  name: string;
}

/** The applicant an account's tokens stand for; null for a staff account. */
export function applicantOf(user: User | null): Applicant | null {
  if (!user?.applicant || !user.roles.includes('applicant')) return null;
  return { type: CITIZEN_ID.test(user.applicant) ? 'citizen' : 'company', code: user.applicant, name: user.displayName ?? user.username };
}

/** Refused portal sign-in: the account is not an applicant's. */
export class NotAnApplicantError extends Error {}

/**
 * The applicant signed in to the portal in this tab, with their own account's tokens (kept apart
 * from a staff session). Tokens come from the password form or from any other sign-in that yields
 * a token response (e.g. OpenID Connect): hand them to `signIn`.
 */
class PortalSession {
  readonly tokens = new Session('tongban.portal');
  readonly current = shallowRef<Applicant | null>(applicantOf(this.tokens.user));

  constructor() {
    this.tokens.onChange(() => (this.current.value = applicantOf(this.tokens.user)));
  }

  get applicant(): Applicant | null {
    return this.current.value;
  }

  /** Starts the portal session with `tokens`; ends that account's session again and throws when it is not an applicant's. */
  async signIn(tokens: TokenResponse): Promise<void> {
    if (!applicantOf(tokens.user)) {
      await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${tokens.accessToken}` } }).catch(() => undefined);
      throw new NotAnApplicantError(tokens.user.username);
    }
    this.tokens.signIn(tokens);
  }

  signOut(): Promise<void> {
    return this.tokens.logout();
  }
}

export const portalSession = new PortalSession();
export const portalApi = new ApiClient(portalSession.tokens);
