import type { ApiCredentials } from '../api/api-client';
import type { TokenResponse, User } from '../api/api.types';

/**
 * A signed-in account (staff, or an applicant in the portal) and its tokens, kept in sessionStorage
 * under `storageKey` so a reload stays signed in; as the API's credentials it renews the access token
 * with the refresh token once. `signIn` takes tokens however they were obtained: the password form
 * (`POST /auth/token`) or another sign-in such as OpenID Connect.
 */
export class Session implements ApiCredentials {
  private current: TokenResponse | null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storageKey = 'tongban.session') {
    this.current = read(storageKey);
  }

  get token(): string | null {
    return this.current?.accessToken ?? null;
  }

  get user(): User | null {
    return this.current?.user ?? null;
  }

  hasRole(...roles: string[]): boolean {
    return roles.some((role) => this.user?.roles.includes(role));
  }

  headers(): Record<string, string> {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }

  async renew(): Promise<boolean> {
    const refreshToken = this.current?.refreshToken;
    if (!refreshToken) return false;
    const response = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
    if (!response.ok) return false;
    this.signIn(await response.json());
    return true;
  }

  expired(): void {
    this.signOut();
  }

  signIn(response: TokenResponse): void {
    this.current = response;
    sessionStorage.setItem(this.storageKey, JSON.stringify(response));
    this.emit();
  }

  /** Ends the session on the server (its tokens stop working) and here. */
  async logout(): Promise<void> {
    const token = this.token;
    this.signOut();
    if (token) await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
  }

  signOut(): void {
    this.current = null;
    sessionStorage.removeItem(this.storageKey);
    this.emit();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function read(storageKey: string): TokenResponse | null {
  try {
    const raw = sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as TokenResponse) : null;
  } catch {
    return null;
  }
}
