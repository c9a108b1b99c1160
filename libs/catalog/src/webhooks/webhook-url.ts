import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook may not reach unless private targets are allowed: loopback, private, link-local, unique-local, unspecified, CGNAT. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Why a webhook URL is refused, or null when it may be called. */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `has the scheme ${url.protocol.replace(':', '')}; only http and https are allowed`;
  if (url.username || url.password) return 'carries credentials; put them in the secret instead';
  return null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:7f00:1` → `127.0.0.1`), else the address. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(?:([0-9a-f]{1,4}):([0-9a-f]{1,4})|(\d+\.\d+\.\d+\.\d+))$/i.exec(address);
  if (!mapped) return address;
  if (mapped[3]) return mapped[3];
  const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function isPrivate(raw: string): boolean {
  const address = unmapped(raw);
  const family = isIP(address);
  return family === 4 ? PRIVATE.check(address, 'ipv4') : family === 6 ? PRIVATE.check(address, 'ipv6') : false;
}

/**
 * Resolves the URL's host and refuses a loopback or private address (SSRF), unless `allowPrivate`.
 * Checked when a subscription is made and again before every attempt (a name may resolve elsewhere later).
 */
export async function privateAddressProblem(raw: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((r) => r.map((a) => a.address)).catch(() => [] as string[]);
  if (addresses.length === 0) return `host ${host} does not resolve`;
  const blocked = addresses.find(isPrivate);
  return blocked ? `host ${host} is the loopback or private address ${blocked}; set TONGBAN_WEBHOOK_ALLOW_PRIVATE=true to allow it` : null;
}
