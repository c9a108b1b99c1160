import type { ElementInstance, WaitKind } from './engine-state';
import type { Run } from './run';

/** Waits that something outside the instance ends: a clerk, a worker, a child instance, a continuation, a REST trigger. */
const WOKEN_FROM_OUTSIDE: ReadonlySet<WaitKind | undefined> = new Set<WaitKind | undefined>(['task', 'job', 'call', 'continuation', 'incident', 'trigger']);

/**
 * After every command: an active instance must hold something that can wake it (an open task, job,
 * call, continuation, subscription or incident). One that waits with none of these (a join whose
 * missing token no path can deliver, a multi-instance body with nothing left to run) is never left
 * silently hanging: it gets a STALLED incident naming the element and why. Usually the first few
 * element instances answer, so the check costs next to nothing on the hot path.
 */
export function checkForStall(run: Run): void {
  const state = run.state;
  if (state.status !== 'active') return;
  for (const _ in state.incidents) return;
  for (const _ in state.subs) return;
  for (const key in state.els) if (WOKEN_FROM_OUTSIDE.has(state.els[key].wait)) return;
  const stall = describeStall(run);
  run.raiseStall(stall.ei, stall.elementId, stall.message);
}

interface Stall {
  ei: ElementInstance;
  elementId: string;
  message: string;
}

/** The element the instance is stuck at, innermost first: a join, a multi-instance body, else the deepest waiting element. */
function describeStall(run: Run): Stall {
  const els = Object.values(run.state.els);
  for (const ei of els) {
    for (const [gateway, arrivals] of Object.entries(ei.joins ?? {})) {
      const missing = run.element(gateway).incoming.filter((flow) => !arrivals[flow]);
      return { ei, elementId: gateway, message: `${gateway} waits to join a token on ${missing.join(', ')}, which no path of the instance can still deliver` };
    }
  }
  const body = els.find((ei) => ei.wait === 'multi' && ei.multi);
  if (body?.multi) {
    const done = body.vars?.numberOfCompletedInstances;
    return { ei: body, elementId: body.el, message: `multi-instance ${body.el} has no inner instance left to run but is not complete (${String(done)} of ${body.multi.total} completed)` };
  }
  const deepest = els.reduce((a, b) => (depth(run, b) > depth(run, a) ? b : a));
  return { ei: deepest, elementId: deepest.el, message: `${deepest.el} waits (${deepest.wait ?? 'no wait'}) with nothing that can wake it` };
}

function depth(run: Run, ei: ElementInstance): number {
  let d = 0;
  for (let at = ei.parent; at; at = run.state.els[at]?.parent) d++;
  return d;
}
