/**
 * The functions an api process spends its time in, from a V8 CPU profile (bench:e2e's
 * `BENCH_CPU_PROFILE=1` writes one per api process over the full-load phase):
 *
 *   node dist/bench/e2e/cpu-profile-functions.js <file.cpuprofile> [top] [--total]
 *
 * Self time per function (file and line), the busiest first; with `--total` the time of a function
 * with everything it called (each sample counted once per function on its stack). Shares of the
 * samples that are not idle, so runs on differently loaded machines compare.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*?node_modules\//, '~/').replace(/^file:\/\/.*?\/dist\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

function main(): void {
  const args = process.argv.slice(2);
  const total = args.includes('--total');
  const [file, top] = args.filter((arg) => !arg.startsWith('--'));
  if (!file) throw new Error('usage: cpu-profile-functions <file.cpuprofile> [top] [--total]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const time = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const spent = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i])!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += spent;
    if (!total) {
      const key = label(node);
      time.set(key, (time.get(key) ?? 0) + spent);
      continue;
    }
    const seen = new Set<string>();
    for (let at: ProfileNode | undefined = node; at; at = byId.get(parent.get(at.id) ?? -1)) {
      const key = label(at);
      if (seen.has(key)) continue;
      seen.add(key);
      time.set(key, (time.get(key) ?? 0) + spent);
    }
  }
  console.log(`${(busy / 1e6).toFixed(2)} s not idle; ${total ? 'total' : 'self'} time per function:`);
  for (const [key, spent] of [...time].sort((a, b) => b[1] - a[1]).slice(0, Number(top || 40))) {
    console.log(`${((100 * spent) / busy).toFixed(1).padStart(5)}%  ${(spent / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
  }
}

main();
