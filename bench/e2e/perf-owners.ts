/**
 * Where a node process' CPU time goes, by package, from `perf record -g` samples (CPU time, unlike V8's
 * profiles, which sample wall time while JavaScript runs):
 *
 *   perf record -F 499 -g -p <pid> -o perf.data -- sleep 30     (node started with --perf-basic-prof-only-functions)
 *   perf script -i perf.data -F comm,tid,ip,sym,dso > perf.txt
 *   node dist/bench/e2e/perf-owners.js perf.txt [package]
 *
 * Each sample of the main thread counts for the innermost frame on its stack that belongs to a package
 * (`node_modules/<name>`) or to Tongban (`dist/apps/<app>`, `dist/libs/<lib>`), so node's own modules,
 * V8's builtins and the kernel (a socket write, say) count for the package that called them; samples with
 * garbage collection on the stack count as GC; samples of other threads (V8's compiler and GC helpers,
 * libuv's pool) count by thread. With `package`, that package's share is split by its innermost function.
 */
import { readFileSync } from 'node:fs';

interface Sample {
  tid: string;
  comm: string;
  frames: string[];
}

function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  let current: Sample | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      if (current) samples.push(current);
      current = undefined;
    } else if (!/^\s/.test(line)) {
      const [comm, tid] = line.trim().split(/\s+/);
      current = { comm, tid, frames: [] };
    } else {
      const frame = /^\s*[0-9a-f]+ (.*) \((.*)\)\s*$/.exec(line);
      if (frame && current) current.frames.push(frame[1]);
    }
  }
  if (current) samples.push(current);
  return samples;
}

/** The package (or Tongban app or lib) of a JavaScript frame; undefined for node's own modules and native code. */
function ownerOf(frame: string): string | undefined {
  if (!frame.startsWith('JS:')) return undefined;
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(frame)?.[1];
  if (pkg) return pkg;
  const own = /\/dist\/((apps|libs)\/[^/]+|test|bench)\//.exec(frame)?.[1];
  return own ? `tongban ${own}` : undefined;
}

const GC = /Heap::CollectGarbage|Scavenger|MarkCompact/;

function main(): void {
  const [file, focus] = process.argv.slice(2);
  if (!file) throw new Error('usage: perf-owners <perf script output> [package]');
  const samples = samplesOf(readFileSync(file, 'utf8'));
  const perThread = new Map<string, number>();
  for (const sample of samples) if (sample.comm === 'node') perThread.set(sample.tid, (perThread.get(sample.tid) ?? 0) + 1);
  const main = [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0];
  const shares = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const sample of samples) {
    if (sample.tid !== main) {
      add(shares, `thread: ${sample.comm} (other than the main one)`);
      continue;
    }
    if (sample.frames.some((frame) => GC.test(frame))) {
      add(shares, 'garbage collection on the main thread');
      continue;
    }
    const owned = sample.frames.find((frame) => ownerOf(frame) !== undefined);
    const owner = owned ? ownerOf(owned)! : sample.frames.some((frame) => frame.startsWith('JS:')) ? 'node and V8, no package on the stack' : 'native, no JavaScript on the stack';
    add(shares, owner);
    if (focus && owner === focus) add(functions, owned!.replace(/^JS:[*~^]?/, ''));
  }
  const total = samples.length;
  const line = (count: number, label: string) => `${((100 * count) / total).toFixed(1).padStart(5)} %  ${String(count).padStart(6)}  ${label}`;
  console.log(`${total} samples (main thread ${main})`);
  for (const [label, count] of [...shares].sort((a, b) => b[1] - a[1])) console.log(line(count, label));
  if (focus) {
    console.log(`${focus}, by its innermost function:`);
    for (const [label, count] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(line(count, label));
  }
}

main();
