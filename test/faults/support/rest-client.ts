import { Agent, request } from 'node:http';

export const DEMO_API_KEY = 'demo-integrator-key';

/** Who a request is made as: a demo user (JWT, password = username) or the demo integrator key. */
export type Credential = { user: string } | { apiKey: string } | 'none';

export interface RestResponse<T = any> {
  status: number;
  body: T;
  /** Milliseconds from sending to the end of the response. */
  ms: number;
}

/**
 * A small JSON client for Tongban's REST API over keep-alive connections, with token caching per user.
 * Given several base URLs (api processes sharing one JWT secret), it spreads requests round-robin.
 */
export class RestClient {
  private readonly agent: Agent;
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly bases: string[];
  private next = 0;

  constructor(baseUrl: string | string[], options: { maxSockets?: number; timeoutMs?: number } = {}) {
    this.bases = Array.isArray(baseUrl) ? baseUrl : [baseUrl];
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get baseUrl(): string {
    return this.bases[0];
  }

  private readonly timeoutMs: number;

  /** One request as `as`; a login that fails (e.g. the api is down) answers like a request without a response. */
  async call<T = any>(method: string, path: string, as: Credential, body?: unknown, headers: Record<string, string> = {}): Promise<RestResponse<T>> {
    let auth: Record<string, string>;
    try {
      auth = await this.authHeaders(as);
    } catch (error) {
      return { status: 0, body: { error: (error as Error).message } as T, ms: 0 };
    }
    return this.raw<T>(method, path, body, { ...auth, ...headers });
  }

  get<T = any>(path: string, as: Credential): Promise<RestResponse<T>> {
    return this.call<T>('GET', path, as);
  }

  post<T = any>(path: string, as: Credential, body: unknown = {}, headers: Record<string, string> = {}): Promise<RestResponse<T>> {
    return this.call<T>('POST', path, as, body, headers);
  }

  /** Forgets cached tokens (e.g. after the api restarted with a new per-process secret). */
  forgetTokens(): void {
    this.tokens.clear();
  }

  close(): void {
    this.agent.destroy();
  }

  raw<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RestResponse<T>> {
    const url = new URL(path, this.bases[this.next++ % this.bases.length]);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request(
        {
          agent: this.agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          timeout: this.timeoutMs,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: any = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
          });
          res.on('error', () => resolve({ status: 0, body: undefined as T, ms: performance.now() - started }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => resolve({ status: 0, body: { error: error.message } as T, ms: performance.now() - started }));
      if (payload) req.write(payload);
      req.end();
    });
  }

  private async authHeaders(as: Credential): Promise<Record<string, string>> {
    if (as === 'none') return {};
    if ('apiKey' in as) return { 'x-api-key': as.apiKey };
    return { authorization: `Bearer ${await this.token(as.user)}` };
  }

  private token(user: string): Promise<string> {
    let token = this.tokens.get(user);
    if (!token) {
      token = this.raw('POST', '/api/v1/auth/token', { username: user, password: user }).then((res) => {
        if (res.status !== 200 && res.status !== 201) {
          this.tokens.delete(user);
          throw new Error(`login as ${user} answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
        return res.body.accessToken as string;
      });
      this.tokens.set(user, token);
    }
    return token;
  }
}

export const asUser = (user: string): Credential => ({ user });
export const asIntegrator: Credential = { apiKey: DEMO_API_KEY };
export const clerkOf = (department: string): Credential => ({ user: `clerk.${department}` });
export const isOk = (status: number): boolean => status >= 200 && status < 300;
