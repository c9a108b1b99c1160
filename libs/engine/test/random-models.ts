import fc from 'fast-check';
import type { ElementDef, ElementType, ProcessModel } from '@tongban/bpmn';

/**
 * Block-structured process shapes for property tests: user tasks and multi-instance user tasks in
 * sequences, parallel, exclusive and inclusive blocks and embedded subprocesses, nested.
 */
export type Block =
  | { kind: 'task' }
  | { kind: 'seq'; items: Block[] }
  | { kind: 'par'; items: Block[] }
  | { kind: 'xor'; items: Block[] }
  | { kind: 'or'; items: Block[] }
  | { kind: 'sub'; body: Block }
  | { kind: 'multi'; count: number; sequential: boolean };

export const blockArbitrary: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Block>({ kind: 'task' }),
    fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('block'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('par' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('xor' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('or' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('sub' as const), body: tie('block') }),
    fc.record({ kind: fc.constant('multi' as const), count: fc.integer({ min: 0, max: 3 }), sequential: fc.boolean() }),
  ),
})).block;

/** Builds a ProcessModel start → block → end; `choices` names the variable deciding each gateway. */
export function buildModel(block: Block): { model: ProcessModel; gateways: { variable: string; branches: number; inclusive: boolean }[] } {
  const model: ProcessModel = { format: 1, id: 'random', elements: {}, flows: {}, scopes: {} };
  const gateways: { variable: string; branches: number; inclusive: boolean }[] = [];
  let n = 0;
  let scope = 'random';
  const add = (type: ElementType, prefix: string): ElementDef => {
    const el: ElementDef = { id: `${prefix}${++n}`, type, scope, incoming: [], outgoing: [] };
    model.elements[el.id] = el;
    return el;
  };
  const connect = (from: ElementDef, to: ElementDef, condition?: string): string => {
    const id = `flow${++n}`;
    model.flows[id] = { id, source: from.id, target: to.id, ...(condition ? { condition } : {}) };
    from.outgoing.push(id);
    to.incoming.push(id);
    return id;
  };
  const build = (b: Block): { first: ElementDef; last: ElementDef } => {
    if (b.kind === 'task') {
      const task = add('userTask', 'task');
      return { first: task, last: task };
    }
    if (b.kind === 'multi') {
      const task = add('userTask', 'multi');
      task.multiInstance = { sequential: b.sequential, loopCardinality: String(b.count) };
      return { first: task, last: task };
    }
    if (b.kind === 'sub') {
      const sub = add('subProcess', 'sub');
      const outer = scope;
      scope = sub.id;
      const start = add('startEvent', 'subStart');
      const end = add('endEvent', 'subEnd');
      const body = build(b.body);
      connect(start, body.first);
      connect(body.last, end);
      const children = Object.values(model.elements).filter((e) => e.scope === sub.id).map((e) => e.id);
      model.scopes[sub.id] = { id: sub.id, parent: outer, children, noneStart: start.id, eventStarts: [], eventSubprocesses: [] };
      scope = outer;
      return { first: sub, last: sub };
    }
    if (b.kind === 'seq') {
      const parts = b.items.map(build);
      for (let i = 1; i < parts.length; i++) connect(parts[i - 1].last, parts[i].first);
      return { first: parts[0].first, last: parts[parts.length - 1].last };
    }
    const type: ElementType = b.kind === 'par' ? 'parallelGateway' : b.kind === 'xor' ? 'exclusiveGateway' : 'inclusiveGateway';
    const split = add(type, `${b.kind}Split`);
    const join = add(type, `${b.kind}Join`);
    const variable = `choice_${split.id}`;
    if (b.kind !== 'par') gateways.push({ variable, branches: b.items.length, inclusive: b.kind === 'or' });
    b.items.forEach((item, i) => {
      const part = build(item);
      const last = i === b.items.length - 1;
      const condition = b.kind === 'xor' ? `${variable} = ${i}` : b.kind === 'or' ? `list contains(${variable}, ${i})` : undefined;
      const flow = connect(split, part.first, b.kind === 'par' || last ? undefined : condition);
      if (last && b.kind !== 'par') split.defaultFlow = flow;
      connect(part.last, join);
    });
    return { first: split, last: join };
  };
  const start = add('startEvent', 'start');
  const end = add('endEvent', 'end');
  const body = build(block);
  connect(start, body.first);
  connect(body.last, end);
  const children = Object.values(model.elements).filter((e) => e.scope === 'random').map((e) => e.id);
  model.scopes.random = { id: 'random', children, noneStart: start.id, eventStarts: [], eventSubprocesses: [] };
  return { model, gateways };
}
