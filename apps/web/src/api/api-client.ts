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

/** How a client proves who it is: a member of staff's bearer token, or the portal's key for an applicant. */
export interface ApiCredentials {
  /** Headers that authenticate a request. */
  headers(): Record<string, string>;
  /** Renews expired credentials once; false when that is not possible. */
  renew(): Promise<boolean>;
  /** The credentials were refused for good. */
  expired(): void;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * Calls `/api/v1` with the caller's credentials; on a 401 it renews them once and repeats the call,
 * and ends the session when that fails too.
 */
export class ApiClient {
  constructor(private readonly credentials: ApiCredentials) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  /** Uploads one file as multipart `file` (POST /attachments). */
  upload<T>(path: string, file: Blob, name: string): Promise<T> {
    const form = new FormData();
    form.append('file', file, name);
    return this.send<T>('POST', path, form, {});
  }

  /** A binary resource (an attachment's content) as a Blob. */
  async blob(path: string, retried = false): Promise<Blob> {
    const response = await fetch(`/api/v1${path}`, { headers: this.credentials.headers() });
    if (response.status === 401 && !retried && (await this.credentials.renew())) return this.blob(path, true);
    if (!response.ok) throw await errorOf(response);
    return response.blob();
  }

  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return body === undefined
      ? this.send<T>(method, path, undefined, {})
      : this.send<T>(method, path, JSON.stringify(body), { 'Content-Type': 'application/json' });
  }

  private async send<T>(method: string, path: string, body: BodyInit | undefined, extra: Record<string, string>, retried = false): Promise<T> {
    const headers = { Accept: 'application/json', ...this.credentials.headers(), ...extra };
    const response = await fetch(`/api/v1${path}`, { method, headers, body });
    if (response.status === 401 && Object.keys(this.credentials.headers()).length > 0) {
      if (!retried && (await this.credentials.renew())) return this.send<T>(method, path, body, extra, true);
      this.credentials.expired();
    }
    if (!response.ok) throw await errorOf(response);
    const text = await response.text();
    return (text ? safeJson(text) : undefined) as T;
  }
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  const error = (text ? safeJson(text) : {}) as { code?: string; message?: string | string[]; details?: Record<string, unknown> };
  const message = Array.isArray(error.message) ? error.message.join('; ') : error.message ?? response.statusText;
  return new ApiError(response.status, error.code ?? `HTTP_${response.status}`, message, error.details);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}
