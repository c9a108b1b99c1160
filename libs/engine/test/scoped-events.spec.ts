import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

describe('event subprocesses inside an embedded subprocess', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('scoped-events');
  });

  it('evaluates FEEL candidate groups', () => {
    // when
    const instance = new Instance(model).start({ groups: ['window', 'backoffice'] });

    // then
    expect(instance.ofType('task.created')[0]).toMatchObject({ elementId: 'work', candidateGroups: ['window', 'backoffice'] });
  });

  it('a non-interrupting escalation start runs beside the work and the subprocess waits for it', () => {
    // given
    const instance = new Instance(model).start({ groups: [] });

    // when
    instance.completeTask('work');

    // then
    expect(instance.openTasks()).toEqual(['afterRaise', 'notifyLeader']);

    // when
    instance.completeTask('afterRaise');

    // then
    expect(instance.active).toEqual(['handle', 'notifyLeader', 'onLate']);

    // when
    instance.completeTask('notifyLeader');

    // then
    expect(instance.openTasks()).toEqual(['close']);
  });

  it('an interrupting conditional start fires on a variable change and replaces the subprocess work', () => {
    // given
    const instance = new Instance(model).start({ groups: [], urgent: false });

    // when
    instance.run({ type: 'setVariables', variables: { urgent: true } });

    // then
    expect(instance.ofType('task.cancelled').map((t) => t.elementId)).toEqual(['work']);
    expect(instance.openTasks()).toEqual(['fastLane']);

    // when
    instance.completeTask('fastLane');

    // then
    expect(instance.openTasks()).toEqual(['close']);
  });

  it('sets variables in the scope the caller names', () => {
    // given
    const instance = new Instance(model).start({ groups: [] });
    const handleKey = instance.ofType('history').find((h) => h.event === 'element.entered' && h.elementId === 'handle')?.key as string;

    // when
    instance.run({ type: 'setVariables', scopeKey: handleKey, variables: { localNote: 'x' } });

    // then
    expect(instance.vars).not.toHaveProperty('localNote');
    expect(() => instance.run({ type: 'setVariables', scopeKey: '999', variables: {} })).toThrow(/no scope/);
  });
});

describe('compensation of one referenced activity', () => {
  it('runs only the handler of that activity', async () => {
    // given
    const instance = new Instance(await fixture('compensation-ref')).start();
    instance.completeTask('bookRoom');

    // when
    instance.completeTask('bookCar');

    // then
    expect(instance.openTasks()).toEqual(['cancelRoom']);
    expect(instance.ofType('history').filter((h) => h.event === 'compensation.started')[0]).toMatchObject({ elementId: 'undoRoom', data: { handlers: ['cancelRoom'] } });

    // when
    instance.completeTask('cancelRoom');

    // then
    expect(instance.status).toBe('completed');
  });
});

describe('Camunda 7 error code and message variables', () => {
  it('stores the caught error code and message in the variables the catching event names', async () => {
    // given
    const instance = new Instance(await fixture('error-message-camunda')).start();

    // when
    instance.run({ type: 'throwError', key: instance.keyOf('job.created', 'lookup'), errorCode: 'NOT_FOUND', errorMessage: 'no such company' });

    // then
    expect(instance.ofType('job.created')[0]).toMatchObject({ jobType: 'registry.lookup' });
    expect(instance.vars).toEqual({ whatCode: 'NOT_FOUND', why: 'no such company' });
    expect(instance.openTasks()).toEqual(['explain']);
  });
});
