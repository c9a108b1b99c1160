import fc from 'fast-check';
import type { ProcessModel } from '@tongban/bpmn';
import { engine, EngineError, type Command, type Effect, type InstanceState, type ModificationInstruction } from '@tongban/engine';
import { blockArbitrary, buildModel } from './random-models';

interface StoredInstance {
  key: string;
  el: string;
  parent?: string;
  wait?: string;
  inner?: boolean;
  multi?: { total: number; removed?: number[] };
  vars?: Record<string, unknown>;
}

type Step = [kind: number, first: number, second: number];

const scenario = blockArbitrary.chain((block) => {
  const { model, gateways } = buildModel(block);
  return fc.record({
    model: fc.constant(model),
    variables: fc.constant(Object.fromEntries(gateways.map((g) => [g.variable, g.inclusive ? [0] : 0]))),
    steps: fc.array(fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 1000 }), fc.nat({ max: 1000 })), { minLength: 1, maxLength: 25 }),
  });
});

function elsOf(state: InstanceState): StoredInstance[] {
  return Object.values(state.els as Record<string, StoredInstance>);
}

function pick<T>(list: T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

/** Elements a token may be put on: user tasks outside multi-instance subprocesses (the random models have none). */
function activatable(model: ProcessModel): string[] {
  return Object.values(model.elements).filter((el) => el.type === 'userTask' || el.type === 'subProcess' || el.type === 'exclusiveGateway').map((el) => el.id);
}

/** One random command: complete a task, or a modification instruction list built from the state. */
function commandFor(model: ProcessModel, state: InstanceState, [kind, a, b]: Step): Command | undefined {
  const els = elsOf(state).filter((ei) => ei.key !== (state.rootKey as string));
  const tasks = els.filter((ei) => ei.wait === 'task');
  const bodies = els.filter((ei) => ei.multi);
  const inners = els.filter((ei) => ei.inner);
  const target = pick(activatable(model), b);
  const cancel = pick(els, a);
  const instructions: Record<number, () => ModificationInstruction[] | undefined> = {
    1: () => (cancel && target ? [{ cancel: cancel.key }, { activateBefore: target }] : undefined),
    2: () => (target ? [{ activateBefore: target }] : undefined),
    3: () => (cancel ? [{ cancel: cancel.key }] : undefined),
    4: () => (pick(bodies, a) ? [{ addInstances: (pick(bodies, a) as StoredInstance).key, count: 1 + (b % 2) }] : undefined),
    5: () => (pick(inners, a) ? [{ removeInstance: (pick(inners, a) as StoredInstance).key }] : undefined),
  };
  if (kind === 0) {
    const task = pick(tasks, a);
    return task ? { type: 'completeTask', key: task.key } : undefined;
  }
  const list = instructions[kind]();
  return list ? { type: 'modify', instructions: list } : undefined;
}

/** The bookkeeping every state must keep, whatever was modified. */
function expectConsistent(state: InstanceState, effects: Effect[]): void {
  const els = state.els as Record<string, StoredInstance>;
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  for (const ei of Object.values(els)) {
    if (ei.key !== state.rootKey) expect(els[ei.parent as string]).toBeDefined();
    if (ei.multi && ei.wait === 'multi') {
      const inner = Object.values(els).filter((child) => child.parent === ei.key && child.inner);
      expect(ei.vars?.numberOfActiveInstances).toBe(inner.length);
      expect(ei.vars?.numberOfInstances).toBe(ei.multi.total - (ei.multi.removed?.length ?? 0));
    }
  }
  for (const sub of Object.values(state.subs as Record<string, { owner: string }>)) expect(els[sub.owner]).toBeDefined();
  const history = effects.filter((e): e is Extract<Effect, { type: 'history' }> => e.type === 'history');
  const ended = history.filter((e) => (e.event === 'element.left' || e.event === 'element.terminated') && e.key).map((e) => e.key as string);
  expect(new Set(ended).size).toBe(ended.length);
  for (const key of ended) if (key !== state.rootKey) expect(els[key]).toBeUndefined();
  const entered = new Set(history.filter((e) => e.event === 'element.entered').map((e) => e.key));
  for (const key of Object.keys(els)) expect(entered.has(key)).toBe(true);
  const open = new Set<string>();
  for (const e of effects) {
    if (e.type === 'task.created') open.add(e.key);
    if (e.type === 'task.cancelled') open.delete(e.key);
    if (e.type === 'history' && e.key && (e.event === 'element.left' || e.event === 'element.terminated')) open.delete(e.key);
  }
  const waiting = Object.values(els).filter((ei) => ei.wait === 'task').map((ei) => ei.key);
  expect([...open].sort()).toEqual(waiting.sort());
  expect(effects.filter((e) => e.type === 'instance.ended').length).toBe(state.status === 'active' ? 0 : 1);
}

describe('random modifications of random block-structured processes', () => {
  it('keep the state JSON round-trippable and the token accounting consistent; a refused modification changes nothing', () => {
    fc.assert(
      fc.property(scenario, ({ model, variables, steps }) => {
        const ctx = { now: 1_000 };
        const started = engine.start(model, { type: 'start', variables }, ctx);
        let state = started.state;
        const effects: Effect[] = [...started.effects];
        for (const step of steps) {
          if (state.status !== 'active') break;
          const command = commandFor(model, state, step);
          if (!command) continue;
          const before = JSON.stringify(state);
          try {
            const result = engine.execute(model, JSON.parse(before) as InstanceState, command, ctx);
            state = JSON.parse(JSON.stringify(result.state)) as InstanceState;
            effects.push(...result.effects);
          } catch (error) {
            expect(error).toBeInstanceOf(EngineError);
            expect(JSON.stringify(state)).toBe(before);
          }
          expectConsistent(state, effects);
        }
        for (let i = 0; i < 200 && state.status === 'active'; i++) {
          const task = elsOf(state).find((ei) => ei.wait === 'task');
          if (!task) break;
          const result = engine.execute(model, state, { type: 'completeTask', key: task.key }, ctx);
          state = result.state;
          effects.push(...result.effects);
          expectConsistent(state, effects);
        }
        if (state.status === 'active') expect(Object.keys(state.incidents).length + elsOf(state).filter((ei) => ei.wait === 'task').length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
