import type { Variables } from '../engine.types';
import type { EngineState } from '../execution/engine-state';

/** Variable scopes: each element instance may hold local variables; lookups walk up to the process. */

/** Keys from the instance up to the root, nearest first. */
export function scopeChain(state: EngineState, key: string | undefined): string[] {
  const chain: string[] = [];
  for (let cur = key; cur !== undefined; cur = state.els[cur]?.parent) {
    if (!state.els[cur]) break;
    chain.push(cur);
  }
  return chain;
}

/** Every variable visible from the instance, nearer scopes shadowing outer ones. */
export function visibleVariables(state: EngineState, key: string | undefined): Variables {
  const chain = scopeChain(state, key);
  const out: Variables = {};
  for (let i = chain.length - 1; i >= 0; i--) {
    const vars = state.els[chain[i]].vars;
    if (vars) Object.assign(out, vars);
  }
  return out;
}

/** Sets variables where each is already defined (nearest first from `key`), else in the root scope. */
export function propagateVariables(state: EngineState, key: string | undefined, variables: Variables): void {
  const chain = scopeChain(state, key);
  for (const name of Object.keys(variables)) {
    const holder = chain.find((k) => state.els[k].vars && Object.prototype.hasOwnProperty.call(state.els[k].vars, name));
    const target = state.els[holder ?? state.rootKey];
    (target.vars ??= {})[name] = variables[name];
  }
}

/** Sets variables locally on the instance. */
export function setLocalVariables(state: EngineState, key: string, variables: Variables): void {
  const target = state.els[key];
  target.vars = { ...(target.vars ?? {}), ...variables };
}

/** A JSON copy of caller-supplied variables: plain data only, nothing shared with the caller. */
export function plainVariables(variables: Variables | undefined): Variables {
  if (!variables) return {};
  const copy = JSON.parse(JSON.stringify(variables)) as unknown;
  return copy && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Variables) : {};
}
