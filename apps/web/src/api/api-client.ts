import type { Session } from '../session/session.store';

/** A failed request, with the API's error body `{statusCode, code, message, details?}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Calls `/api/v1` with the signed-in user's bearer token; on a 401 it exchanges the refresh token for
 * new tokens once and repeats the call, and signs the user out when that fails too.
 */
export class ApiClient {
  constructor(private readonly session: Session) {}

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    const search = params.toString();
    return this.request<T>('GET', search ? `${path}?${search}` : path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  async request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.session.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const data = text ? safeJson(text) : undefined;
    if (!response.ok) {
      if (response.status === 401 && token) {
        if (!retried && (await this.refresh())) return this.request<T>(method, path, body, true);
        this.session.signOut();
      }
      const error = (data ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
      throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`, error.message ?? response.statusText, error.details);
    }
    return data as T;
  }

  /** Signs out on the server (the session's tokens stop working) and locally. */
  async signOut(): Promise<void> {
    const token = this.session.token;
    this.session.signOut();
    if (token) await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
  }

  private async refresh(): Promise<boolean> {
    const refreshToken = this.session.refreshToken;
    if (!refreshToken) return false;
    const response = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
    if (!response.ok) return false;
    this.session.signIn(await response.json());
    return true;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}
