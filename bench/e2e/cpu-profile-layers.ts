/**
 * Where an api process spends its time, by layer, from a V8 CPU profile (`--cpu-prof`, e.g. through
 * bench:e2e's `BENCH_API_NODE_OPTIONS`):
 *
 *   node dist/bench/e2e/cpu-profile-layers.js <file.cpuprofile> [fromµs toµs] [--owner]
 *
 * `from`/`to` keep only the samples of a window on the monotonic clock (bench:e2e prints the
 * full-load window). Without `--owner` each sample counts for the layer of the function it was in
 * (self time); with it, time in Node's own modules and in native code (socket writes, JSON) counts for
 * the nearest package or Tongban function that called them. The samples are of wall time while the
 * thread runs JavaScript, so on a loaded machine time the process waits for a core counts too:
 * compare shares, not milliseconds, between runs.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const EXPRESS = /^(express|router|body-parser|raw-body|finalhandler|send|serve-static|on-finished|type-is|content-type|accepts|negotiator|qs|iconv-lite|mime-types|mime-db|encodeurl|escape-html|parseurl|path-to-regexp|depd|http-errors|statuses|cookie|fresh|etag|range-parser|vary|proxy-addr|forwarded|media-typer|merge-descriptors|cookie-signature|content-disposition|multer|busboy|@nestjs\/platform-express)$/;
const FASTIFY = /^(fastify|@fastify\/.*|find-my-way|light-my-request|avvio|fast-json-stringify|secure-json-parse|abstract-logging|@nestjs\/platform-fastify|fast-querystring|fast-uri|ajv|toad-cache|rfdc)$/;
const LAYERS: Array<[RegExp, string]> = [
  [EXPRESS, 'express, router, body-parser and their modules'],
  [FASTIFY, 'fastify and its modules'],
  [/^(class-validator|class-transformer|validator|libphonenumber-js)$/, 'class-validator, class-transformer'],
  [/^(pg|pg-protocol|pg-pool|pg-types|postgres-array|postgres-date|postgres-bytea|postgres-interval|pg-connection-string)$/, 'pg'],
  [/^(ioredis|bullmq|redis-parser|cluster-key-slot|denque|@ioredis\/.*|msgpackr)$/, 'ioredis, bullmq'],
  [/^(pino|pino-http|nestjs-pino|pino-std-serializers|sonic-boom|fast-redact|thread-stream|on-exit-leak-free|quick-format-unescaped|atomic-sleep|safe-stable-stringify|@pinojs\/.*)$/, 'pino logging'],
  [/^typeorm$/, 'typeorm'],
  [/^rxjs$/, 'rxjs (Nest interceptors)'],
  [/^@opentelemetry\//, 'opentelemetry'],
  [/^(prom-client|tdigest|bintrees)$/, 'prom-client'],
  [/^(jsonwebtoken|jws|jwa)$/, 'jsonwebtoken'],
  [/^@nestjs\//, 'nest'],
];

function layerOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : 'native code (socket writes, JSON, regular expressions)';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return LAYERS.find(([pattern]) => pattern.test(pkg))?.[1] ?? `package ${pkg}`;
  if (/\/libs\/(engine|bpmn)\//.test(url)) return 'tongban engine and bpmn';
  if (/\/(apps|libs)\//.test(url)) return 'tongban (apps, runtime, identity, catalog, kernel)';
  if (/^node:(_http|http|net|stream|internal\/(streams|stream_base|http|net))/.test(url)) return 'node http, net, streams';
  return url.startsWith('node:') ? 'node, other modules' : `other: ${url}`;
}

const isNodeOrNative = (layer: string): boolean => layer.startsWith('node') || layer.startsWith('native');

function main(): void {
  const args = process.argv.slice(2);
  const owner = args.includes('--owner');
  const [file, from, to] = args.filter((arg) => arg !== '--owner');
  if (!file) throw new Error('usage: cpu-profile-layers <file.cpuprofile> [fromµs toµs] [--owner]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const attribute = (node: ProfileNode): string => {
    const own = layerOf(node);
    if (!owner || own.startsWith('(') || !isNodeOrNative(own)) return own;
    for (let at: ProfileNode | undefined = node; at; at = byId.get(parent.get(at.id) ?? -1)) {
      const layer = layerOf(at);
      if (!isNodeOrNative(layer) && !layer.startsWith('(')) return layer;
    }
    return own;
  };
  const low = from ? Number(from) : -Infinity;
  const high = to ? Number(to) : Infinity;
  const time = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (at < low || at > high) continue;
    const spent = profile.timeDeltas[i + 1] ?? 0;
    const layer = attribute(byId.get(profile.samples[i])!);
    time.set(layer, (time.get(layer) ?? 0) + spent);
    total += spent;
  }
  const busy = total - (time.get('(idle)') ?? 0);
  console.log(`${(total / 1e6).toFixed(1)} s of samples, ${(busy / 1e6).toFixed(2)} s not idle; ${owner ? 'Node and native time counted for their caller' : 'self time'}:`);
  for (const [layer, spent] of [...time].sort((a, b) => b[1] - a[1])) {
    if (layer === '(idle)' || spent / busy < 0.002) continue;
    console.log(`${((100 * spent) / busy).toFixed(1).padStart(5)}%  ${(spent / 1e3).toFixed(0).padStart(6)} ms  ${layer}`);
  }
}

main();
