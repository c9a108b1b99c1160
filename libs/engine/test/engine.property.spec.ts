import fc from 'fast-check';
import type { ProcessModel } from '@tongban/bpmn';
import { engine, type Effect, type InstanceState, type Variables } from '@tongban/engine';
import { blockArbitrary, buildModel } from './random-models';

interface Outcome {
  status: string;
  effects: Effect[];
  variables: Variables;
  openTasks: string[];
}

/** Runs an instance to the end, completing open tasks in the order `picks` dictates. */
function runToEnd(model: ProcessModel, variables: Variables, picks: number[], reload: boolean): Outcome {
  const ctx = { now: 1_000 };
  const effects: Effect[] = [];
  const open: string[] = [];
  const track = (state: InstanceState, produced: Effect[]): InstanceState => {
    effects.push(...produced);
    for (const e of produced) {
      if (e.type === 'task.created') open.push(e.key);
      if (e.type === 'task.cancelled') open.splice(open.indexOf(e.key), 1);
    }
    return reload ? (JSON.parse(JSON.stringify(state)) as InstanceState) : state;
  };
  let result = engine.start(model, { type: 'start', variables }, ctx);
  let state = track(result.state, result.effects);
  for (let step = 0; open.length > 0 && step < 200; step++) {
    const key = open.splice(picks[step % picks.length] % open.length, 1)[0];
    result = engine.execute(model, state, { type: 'completeTask', key, variables: { [`done_${key}`]: step } }, ctx);
    state = track(result.state, result.effects);
  }
  return { status: state.status, effects, variables: engine.rootVariables(state), openTasks: open };
}

const scenario = blockArbitrary.chain((block) => {
  const { model, gateways } = buildModel(block);
  const choices = gateways.map((g) =>
    g.inclusive
      ? fc.subarray([...Array(g.branches).keys()]).map((picked) => [g.variable, picked] as const)
      : fc.nat({ max: g.branches - 1 }).map((picked) => [g.variable, picked] as const),
  );
  return fc.record({
    model: fc.constant(model),
    variables: fc.tuple(...choices).map((entries) => Object.fromEntries(entries) as Variables),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 20 }),
  });
});

describe('random block-structured processes', () => {
  it('give the same result when the state is reloaded from JSON after every step', () => {
    fc.assert(
      fc.property(scenario, ({ model, variables, picks }) => {
        const straight = runToEnd(model, variables, picks, false);
        const reloaded = runToEnd(model, variables, picks, true);
        expect(reloaded).toEqual(straight);
      }),
      { numRuns: 250 },
    );
  });

  it('always complete, leave no task open and end exactly once', () => {
    fc.assert(
      fc.property(scenario, ({ model, variables, picks }) => {
        const outcome = runToEnd(model, variables, picks, true);
        expect(outcome.status).toBe('completed');
        expect(outcome.openTasks).toEqual([]);
        expect(outcome.effects.filter((e) => e.type === 'instance.ended')).toHaveLength(1);
        expect(outcome.effects.filter((e) => e.type === 'incident.raised')).toEqual([]);
      }),
      { numRuns: 250 },
    );
  });

  it('enter every join gateway once per time its block is passed', () => {
    fc.assert(
      fc.property(scenario, ({ model, variables, picks }) => {
        const outcome = runToEnd(model, variables, picks, false);
        const entered = outcome.effects.filter((e): e is Extract<Effect, { type: 'history' }> => e.type === 'history' && e.event === 'element.entered');
        const left = outcome.effects.filter((e): e is Extract<Effect, { type: 'history' }> => e.type === 'history' && e.event === 'element.left');
        for (const id of Object.keys(model.elements).filter((i) => i.includes('Join'))) {
          expect(entered.filter((e) => e.elementId === id).length).toBeLessThanOrEqual(1);
        }
        expect(left.map((e) => e.key).sort()).toEqual(entered.map((e) => e.key).sort());
      }),
      { numRuns: 250 },
    );
  });
});
