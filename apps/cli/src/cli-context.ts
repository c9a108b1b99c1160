import { createTongbanClient, unwrap, type TongbanClient } from '@tongban/client';

/** Where the CLI writes: stdout for results, stderr for progress and errors (so results can be piped). */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** How the CLI reaches Tongban: `--url` / `TONGBAN_URL`, and a credential from the flags or the environment. */
export interface Connection {
  url?: string;
  apiKey?: string;
  token?: string;
  username?: string;
  password?: string;
}

/** A usage mistake: the CLI prints it with the usage and exits with 2. */
export class UsageError extends Error {}

/** The typed client for the connection; a user name and password are exchanged for a token first. */
export async function connect(connection: Connection): Promise<TongbanClient> {
  if (!connection.url) throw new UsageError('no server: pass --url or set TONGBAN_URL');
  if (!connection.apiKey && !connection.token && !connection.username) {
    throw new UsageError('no credentials: pass --api-key (TONGBAN_API_KEY), --token (TONGBAN_TOKEN) or --username and --password (TONGBAN_USERNAME, TONGBAN_PASSWORD)');
  }
  let token = connection.token;
  if (!token && connection.username) {
    const anonymous = createTongbanClient({ baseUrl: connection.url });
    token = unwrap(await anonymous.POST('/api/v1/auth/token', { body: { username: connection.username, password: connection.password ?? '' } })).accessToken;
  }
  return createTongbanClient({ baseUrl: connection.url, ...(token ? { token } : { apiKey: connection.apiKey }) });
}
