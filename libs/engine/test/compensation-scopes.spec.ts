import { fixture, Instance } from './engine-test-kit';

describe('compensating a multi-instance activity', () => {
  it('runs the handler once per completed inner instance, newest first, each with that instance\'s loopCounter and element', async () => {
    // given
    const instance = new Instance(await fixture('compensation-mi')).start({ rooms: ['101', '102', '103'] });
    const keys = instance.ofType('task.created').map((task) => task.key);
    for (const key of [keys[1], keys[2], keys[0]]) instance.run({ type: 'completeTask', key });

    // when
    instance.completeTask('confirm');

    // then
    const handlerRuns = (): Array<Record<string, unknown> | undefined> => instance.ofType('task.created').filter((t) => t.elementId === 'cancel').map((t) => t.variables);
    expect(handlerRuns()).toEqual([{ loopCounter: 1, room: '101' }]);

    // when
    instance.completeTask('cancel');
    instance.completeTask('cancel');

    // then
    expect(handlerRuns()).toEqual([{ loopCounter: 1, room: '101' }, { loopCounter: 3, room: '103' }, { loopCounter: 2, room: '102' }]);
    expect(instance.status).toBe('active');

    // when
    instance.completeTask('cancel');

    // then
    expect(instance.status).toBe('completed');
  });
});

describe('compensating a multi-instance subprocess', () => {
  it('runs the handler of the activity inside each completed inner instance, newest first, with that instance\'s variables', async () => {
    // given
    const instance = new Instance(await fixture('compensation-mi-subprocess')).start({ list: ['101', '102'] });
    instance.completeTask('book');

    // when
    instance.completeTask('book');

    // then
    const seen = (): unknown[] => instance.ofType('task.created').filter((t) => t.elementId === 'cancel').map((t) => t.variables?.room);
    expect(seen()).toEqual(['102']);

    // when
    instance.completeTask('cancel');

    // then
    expect(seen()).toEqual(['102', '101']);
    instance.completeTask('cancel');
    expect(instance.status).toBe('completed');
  });
});

describe('compensating a completed subprocess without a handler of its own', () => {
  it('compensates the completed activities inside it, and nothing outside it', async () => {
    // given
    const instance = new Instance(await fixture('compensation-sub-ref')).start();
    instance.completeTask('charge');
    instance.completeTask('notify');

    // when
    instance.completeTask('archive');

    // then
    expect(instance.openTasks()).toEqual(['recall']);

    // when
    instance.completeTask('recall');

    // then
    expect(instance.openTasks()).toEqual(['refund']);

    // when
    instance.completeTask('refund');

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.created').map((t) => t.elementId)).not.toContain('unarchive');
  });
});

describe('a compensation throw inside a compensation event subprocess', () => {
  it('runs the handler of the subprocess activity it names, and only that one', async () => {
    // given
    const instance = new Instance(await fixture('compensation-esp-ref')).start();
    instance.completeTask('charge');
    instance.completeTask('notify');

    // when
    instance.completeTask('review');

    // then
    expect(instance.openTasks()).toEqual(['refund']);

    // when
    instance.completeTask('refund');

    // then
    expect(instance.openTasks()).toEqual(['explain']);

    // when
    instance.completeTask('explain');

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.created').map((t) => t.elementId)).not.toContain('recall');
  });
});
