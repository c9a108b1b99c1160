import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, with its raw body and headers. */
export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  answered: number | 'timeout';
}

/**
 * A webhook receiver on 127.0.0.1 for the specs: answers each request as `script` says for the
 * request and how many of the same delivery came before it (0-based) — a status, or `'hang'` to answer only after `hangMs` (longer than the webhook
 * timeout) — and records every request.
 */
export async function startReceiver(script: (request: Omit<Received, 'answered'>, attempt: number) => number | 'hang', hangMs = 2_000): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const hanging = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const attempt = received.filter((r) => r.headers['x-tongban-delivery'] === req.headers['x-tongban-delivery']).length;
      const answer = script(request, attempt);
      received.push({ ...request, answered: answer === 'hang' ? 'timeout' : answer });
      if (answer === 'hang') {
        const timer = setTimeout(() => { hanging.delete(timer); res.writeHead(200).end('too late'); }, hangMs);
        hanging.add(timer);
      } else {
        res.writeHead(answer, { 'Content-Type': 'text/plain' }).end(answer >= 500 ? 'receiver down for maintenance' : 'ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tongban`,
    received,
    close: () => new Promise<void>((resolve) => {
      for (const timer of hanging) clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
