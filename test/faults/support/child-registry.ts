import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let installed = false;

/**
 * Remembers a child process so that it never outlives the scenario: when the scenario process exits
 * for any reason (a failed check, an uncaught error, SIGTERM from the runner), every child still
 * running gets SIGKILL.
 */
export function track(child: ChildProcess): ChildProcess {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(1));
}
