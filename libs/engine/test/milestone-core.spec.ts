import type { ProcessModel } from '@tongban/bpmn';
import { engine, EngineError } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

describe('none start, user tasks, parallel and exclusive gateways', () => {
  let bundle: ProcessModel;
  beforeAll(async () => {
    bundle = await fixture('parallel-bundle');
  });

  it('forks to one task per department when the exclusive condition holds', () => {
    // given
    const instance = new Instance(bundle);

    // when
    instance.start({ applicantType: 'company', taxOfficer: 'li.wei' });

    // then
    expect(instance.status).toBe('active');
    expect(instance.openTasks()).toEqual(['market', 'social', 'tax']);
    const tax = instance.ofType('task.created').find((t) => t.elementId === 'tax');
    expect(tax).toMatchObject({ department: 'tax', candidateGroups: ['tax-clerks', 'tax-leads'], assignee: 'li.wei' });
    expect(instance.ofType('task.created').find((t) => t.elementId === 'market')).toMatchObject({ name: 'Business licence', department: 'market' });
    expect(instance.ofType('task.created').find((t) => t.elementId === 'social')).toMatchObject({ formKey: 'social-insurance-form' });
    expect(instance.active).toEqual(['market', 'social', 'tax']);
  });

  it('takes the default flow when no condition holds', () => {
    // given
    const instance = new Instance(bundle);

    // when
    instance.start({ applicantType: 'person' });

    // then
    expect(instance.openTasks()).toEqual(['windowCheck']);
    expect(instance.history('flow.taken')).toEqual(['f1', 'toWindow']);
  });

  it('joins exactly once when every branch has arrived, then ends the instance', () => {
    // given
    const instance = new Instance(bundle).start({ applicantType: 'company' });

    // when
    instance.completeTask('social', { socialOk: true });
    instance.completeTask('market', { marketOk: true });
    expect(instance.status).toBe('active');
    expect(instance.active).toEqual(['join', 'tax']);
    instance.completeTask('tax', { taxOk: true });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.history('element.entered').filter((id) => id === 'join')).toHaveLength(1);
    expect(instance.history('element.entered').filter((id) => id === 'end')).toHaveLength(1);
    expect(instance.vars).toEqual({ applicantType: 'company', socialOk: true, marketOk: true, taxOk: true });
    const ended = instance.ofType('instance.ended');
    expect(ended).toEqual([{ type: 'instance.ended', status: 'completed', variables: instance.vars }]);
    expect(instance.effects[instance.effects.length - 1].type).toBe('instance.ended');
  });

  it('records entry and exit of every element it passes', () => {
    // given
    const instance = new Instance(bundle).start({ applicantType: 'person' });

    // when
    instance.completeTask('windowCheck');

    // then
    expect(instance.history('element.entered')).toEqual(['bundle', 'start', 'route', 'windowCheck', 'endSimple']);
    expect(instance.history('element.left')).toEqual(['start', 'route', 'windowCheck', 'endSimple', 'bundle']);
  });

  it('cancels every open task and ends the instance as cancelled', () => {
    // given
    const instance = new Instance(bundle).start({ applicantType: 'company' });

    // when
    instance.run({ type: 'cancel' });

    // then
    expect(instance.status).toBe('cancelled');
    expect(instance.ofType('task.cancelled').map((t) => t.elementId).sort()).toEqual(['market', 'social', 'tax']);
    expect(instance.openTasks()).toEqual([]);
    expect(instance.active).toEqual([]);
    expect(instance.ofType('instance.ended')[0]).toMatchObject({ status: 'cancelled' });
  });

  it('refuses commands it cannot apply and leaves the state as it was', () => {
    // given
    const instance = new Instance(bundle).start({ applicantType: 'company' });
    const before = JSON.stringify(instance.state);

    // when / then
    expect(() => instance.run({ type: 'completeTask', key: '999' })).toThrow(EngineError);
    expect(() => instance.run({ type: 'completeJob', key: instance.keyOf('task.created', 'tax') })).toThrow(/not job/);
    expect(JSON.stringify(instance.state)).toBe(before);
    instance.run({ type: 'cancel' });
    expect(() => instance.run({ type: 'cancel' })).toThrow(expect.objectContaining({ code: 'INSTANCE_NOT_ACTIVE' }));
  });

  it('does not change the state object it is given', () => {
    // given
    const instance = new Instance(bundle).start({ applicantType: 'company' });
    const state = instance.state;
    const copy = JSON.stringify(state);

    // when
    engine.execute(bundle, state, { type: 'completeTask', key: instance.keyOf('task.created', 'tax') }, { now: 0 });

    // then
    expect(JSON.stringify(state)).toBe(copy);
  });
});

describe('exclusive gateway without a default flow', () => {
  let fees: ProcessModel;
  beforeAll(async () => {
    fees = await fixture('exclusive-no-default');
  });

  it('raises NO_MATCHING_FLOW and stays active when no condition holds', () => {
    // given
    const instance = new Instance(fees);

    // when
    instance.start({ amount: 50 });

    // then
    expect(instance.status).toBe('active');
    expect(instance.incidents()).toEqual(['byAmount:NO_MATCHING_FLOW']);
    expect(instance.ofType('incident.raised')[0]).toMatchObject({ elementId: 'byAmount', incidentType: 'NO_MATCHING_FLOW' });
    expect(instance.active).toEqual(['byAmount']);
  });

  it('re-evaluates the conditions when the incident is resolved after the variables were fixed', () => {
    // given
    const instance = new Instance(fees).start({ amount: 50 });
    const incidentKey = Object.keys(instance.state.incidents)[0];

    // when
    instance.run({ type: 'setVariables', variables: { amount: 500 } });
    instance.run({ type: 'resolveIncident', key: incidentKey });

    // then
    expect(instance.incidents()).toEqual([]);
    expect(instance.ofType('incident.resolved')).toEqual([{ type: 'incident.resolved', key: incidentKey, elementId: 'byAmount' }]);
    expect(instance.openTasks()).toEqual(['bigReview']);
  });

  it('evaluates Camunda 7 ${…} conditions as FEEL', () => {
    // given
    const instance = new Instance(fees);

    // when
    instance.start({ amount: 5 });

    // then
    expect(instance.openTasks()).toEqual(['smallReview']);
  });

  it('turns conditions over values of the wrong type into an incident, never a crash', () => {
    // given
    const instance = new Instance(fees);

    // when
    instance.start({ amount: 'many' });

    // then
    expect(instance.status).toBe('active');
    expect(instance.incidents().length).toBe(1);
  });
});
