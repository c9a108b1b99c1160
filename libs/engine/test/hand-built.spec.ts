import type { ElementDef, ProcessModel } from '@tongban/bpmn';
import { engine } from '@tongban/engine';
import { Instance } from './engine-test-kit';

/** A start → task → end model built by hand, for expressions the compiler would refuse. */
function model(task: Partial<ElementDef>): ProcessModel {
  const el = (id: string, type: ElementDef['type'], incoming: string[], outgoing: string[]): ElementDef => ({ id, type, scope: 'p', incoming, outgoing });
  return {
    format: 1, id: 'p',
    elements: { start: el('start', 'startEvent', [], ['f1']), task: { ...el('task', 'userTask', ['f1'], ['f2']), ...task }, end: el('end', 'endEvent', ['f2'], []) },
    flows: { f1: { id: 'f1', source: 'start', target: 'task' }, f2: { id: 'f2', source: 'task', target: 'end' } },
    scopes: { p: { id: 'p', children: ['start', 'task', 'end'], noneStart: 'start', eventStarts: [], eventSubprocesses: [] } },
  };
}

describe('expressions that fail at run time', () => {
  it('an input mapping with a FEEL syntax error raises FEEL_ERROR on the element, never a crash', () => {
    // when
    const instance = new Instance(model({ inputs: [{ source: 'a >', target: 'x' }] })).start({ a: 1 });

    // then
    expect(instance.incidents()).toEqual(['task:FEEL_ERROR']);
    expect(instance.ofType('task.created')).toEqual([]);
  });

  it('an output mapping giving a function raises FEEL_ERROR and keeps the completion variables for the retry', () => {
    // given
    const instance = new Instance(model({ outputs: [{ source: 'function(x) x', target: 'f' }] })).start();

    // when
    instance.completeTask('task', { approved: true });

    // then
    expect(instance.incidents()).toEqual(['task:FEEL_ERROR']);
    expect(instance.status).toBe('active');

    // when
    instance.run({ type: 'resolveIncident', key: Object.keys(instance.state.incidents)[0] });

    // then: still failing, still an incident, still no crash
    expect(instance.incidents()).toEqual(['task:FEEL_ERROR']);
  });

  it('variables holding functions or prototypes never reach FEEL', () => {
    // given
    const evil = { toString: () => 'x', nested: { f: () => 1 } };
    const instance = new Instance(model({ inputs: [{ source: 'evil.nested', target: 'copy' }] }));

    // when
    instance.start({ evil });

    // then
    expect(instance.ofType('task.created')[0].variables).toEqual({ copy: {} });
    expect(JSON.stringify(engine.rootVariables(instance.state))).toBe('{"evil":{"nested":{}}}');
  });
});
