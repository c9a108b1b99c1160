import { isIP } from 'node:net';

/** Where the api listens, and the warning to print when that exposes the demo accounts. */
export interface ListenHost {
  host: string;
  /** Set when demo mode listens beyond loopback: the demo users' passwords are their names. */
  warning?: string;
}

/**
 * The interface the api binds to: `HOST` when set; otherwise loopback (127.0.0.1) in demo mode, whose
 * accounts have well-known passwords, and every interface (0.0.0.0) in production mode.
 */
export function resolveListenHost(env: NodeJS.ProcessEnv, demo: boolean): ListenHost {
  const configured = env.HOST?.trim();
  const host = configured || (demo ? '127.0.0.1' : '0.0.0.0');
  if (!demo || isLoopback(host)) return { host };
  return {
    host,
    warning:
      `demo mode is listening on ${host}: the demo accounts (password = user name) and the demo API key are ` +
      'reachable from other machines; unset HOST to listen on 127.0.0.1 only, or set NODE_ENV=production',
  };
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
