import type { ElementDef } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';

/**
 * Input mappings: evaluated in the enclosing scope when the element is activated and stored as the
 * element's local variables (the element becomes a variable scope). Returns a failure message.
 */
export function applyInputs(run: Run, ei: ElementInstance, el: ElementDef): string | undefined {
  const local: Variables = {};
  for (const mapping of el.inputs ?? []) {
    const result = run.evaluate(mapping.source, ei.key, local);
    if (!result.ok) return `input ${mapping.target} of ${el.id}: ${result.message}`;
    setPath(local, mapping.target, result.value);
  }
  ei.vars = { ...(ei.vars ?? {}), ...local };
  return undefined;
}

/** Sets `a.b.c` style targets, creating the intermediate contexts. */
export function setPath(target: Variables, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    cur = cur[part] = next && typeof next === 'object' && !Array.isArray(next) ? { ...(next as Variables) } : {};
  }
  cur[parts[parts.length - 1]] = value;
}
