import { shallowRef } from 'vue';
import { ApiClient, type ApiCredentials } from '../api/api-client';

const STORAGE_KEY = 'tongban.portal';

/** Who uses the portal: the applicant (a person by ID number or a company by credit code). */
export interface Applicant {
  type: 'person' | 'company';
  code: string;
  name: string;
}

interface Stored {
  applicant: Applicant;
  accessKey: string;
}

function read(): Stored | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

/**
 * The applicant signed in to the portal for this tab. The portal acts for the applicant with the
 * government service portal's access key (an integrator key with the `actForApplicants` scope), and
 * asks the API only for the applicant's own cases, by their code.
 */
class PortalSession implements ApiCredentials {
  readonly current = shallowRef<Stored | null>(read());

  get applicant(): Applicant | null {
    return this.current.value?.applicant ?? null;
  }

  headers(): Record<string, string> {
    return this.current.value ? { 'X-API-Key': this.current.value.accessKey } : {};
  }

  async renew(): Promise<boolean> {
    return false;
  }

  expired(): void {
    this.signOut();
  }

  signIn(applicant: Applicant, accessKey: string): void {
    this.current.value = { applicant, accessKey };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.current.value));
  }

  signOut(): void {
    this.current.value = null;
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

export const portalSession = new PortalSession();
export const portalApi = new ApiClient(portalSession);
