import type { TokenResponse, User } from '../api/api.types';

const STORAGE_KEY = 'tongban.session';

/** The signed-in user and token, kept in sessionStorage so a reload stays signed in. */
export class Session {
  private current: TokenResponse | null = read();
  private readonly listeners = new Set<() => void>();

  get token(): string | null {
    return this.current?.accessToken ?? null;
  }

  get refreshToken(): string | null {
    return this.current?.refreshToken ?? null;
  }

  get user(): User | null {
    return this.current?.user ?? null;
  }

  hasRole(...roles: string[]): boolean {
    return roles.some((role) => this.user?.roles.includes(role));
  }

  signIn(response: TokenResponse): void {
    this.current = response;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(response));
    this.emit();
  }

  signOut(): void {
    this.current = null;
    sessionStorage.removeItem(STORAGE_KEY);
    this.emit();
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
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
