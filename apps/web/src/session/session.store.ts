import type { ApiCredentials } from '../api/api-client';
import type { TokenResponse, User } from '../api/api.types';

const STORAGE_KEY = 'tongban.session';

/**
 * The signed-in member of staff and their tokens, kept in sessionStorage so a reload stays signed in;
 * as the API's credentials it renews the access token with the refresh token once.
 */
export class Session implements ApiCredentials {
  private current: TokenResponse | null = read();
  private readonly listeners = new Set<() => void>();

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
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(response));
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
    sessionStorage.removeItem(STORAGE_KEY);
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

function read(): TokenResponse | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as TokenResponse) : null;
  } catch {
    return null;
  }
}
