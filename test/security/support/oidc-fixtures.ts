import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** An account of the test provider: its subject, its login at the provider, and the claims it releases. */
export interface TestAccount {
  sub: string;
  login: string;
  password: string;
  claims: Record<string, unknown>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Runs `test/security/support/oidc-test-provider.mjs` on `port` until `stop()`. */
export async function startTestProvider(port: number, client: { id: string; secret: string; redirectUri: string }, accounts: TestAccount[]): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-test-provider.mjs')], {
    env: { ...process.env, OIDC_TEST_PORT: String(port), OIDC_TEST_CLIENT: JSON.stringify(client), OIDC_TEST_ACCOUNTS: JSON.stringify(accounts), NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const ready = /ready (\S+)/.exec(chunk.toString());
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the test provider exited (${code}): ${errors}`)));
  });
  return {
    issuer,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * A browser at the provider: keeps the provider's cookies, follows its redirects, fills in the
 * login form, and stops at the redirect back to Tongban (returned as the callback URL).
 */
export class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly redirectUri: string) {}

  /** From Tongban's redirect to the provider, through the login form, to the callback URL with code and state. */
  async signIn(authorizationUrl: string, login: string, password: string): Promise<URL> {
    let next = await this.follow(authorizationUrl);
    for (let step = 0; step < 10; step += 1) {
      if (next.href.startsWith(this.redirectUri)) return next;
      const page = await this.request(next.href);
      if (page.status !== 200) throw new Error(`the provider answered ${page.status} at ${next.pathname}: ${await page.text()}`);
      const action = /action="([^"]+)"/.exec(await page.text())?.[1];
      if (!action) throw new Error(`no form at ${next.pathname}`);
      const submitted = await this.request(new URL(action, next).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login, password }).toString() });
      const location = submitted.headers.get('location');
      if (!location) throw new Error(`the provider refused the login of ${login}: ${submitted.status} ${await submitted.text()}`);
      next = await this.follow(new URL(location, next).href);
    }
    throw new Error('the provider never redirected back to Tongban');
  }

  /** Follows the provider's redirects until a page to show or the redirect back to Tongban. */
  private async follow(url: string): Promise<URL> {
    let current = new URL(url);
    for (let hop = 0; hop < 10; hop += 1) {
      if (current.href.startsWith(this.redirectUri)) return current;
      const response = await this.request(current.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return current;
      current = new URL(location, current);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }
}
