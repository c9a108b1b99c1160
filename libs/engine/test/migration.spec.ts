import { compileBpmn, type ProcessModel } from '@tongban/bpmn';
import { engine, EngineError, type MigrationMapping } from '@tongban/engine';
import { Instance } from './engine-test-kit';

/** A one-process BPMN document around the given process body. */
async function model(id: string, body: string, extra = ''): Promise<ProcessModel> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>${extra}
</bpmn:definitions>`;
  const compiled = await compileBpmn(xml);
  return compiled.processes[0];
}

const flow = (id: string, from: string, to: string): string => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const timer = (id: string, on: string, duration: string): string =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${on}"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
const signers = '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= signers" inputElement="signer" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>';

/** Moves the driven instance onto `target`, as the runtime would: the state and model are replaced. */
function migrate(instance: Instance, target: ProcessModel, mappings: MigrationMapping[] = []): Instance {
  const result = engine.migrate(instance.model, target, instance.state, mappings, instance.ctx);
  const moved = new Instance(target);
  moved.state = JSON.parse(JSON.stringify(result.state));
  moved.effects.push(...instance.effects, ...result.effects);
  moved.last = result.effects;
  return moved;
}

function refusal(run: () => unknown): EngineError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('the migration was not refused');
}

describe('instance migration', () => {
  describe('gateways', () => {
    const v1Body = `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'fork')}${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}${flow('ja', 'a', 'join')}${flow('jb', 'b', 'join')}${flow('f9', 'join', 'end')}`;

    it('keeps the token waiting at a parallel join, and the instance continues on the target path', async () => {
      // given
      const v1 = await model('p', v1Body);
      const v2 = await model('p', v1Body.replace(flow('f9', 'join', 'end'), `<bpmn:userTask id="archive" />${flow('f9', 'join', 'archive')}${flow('f10', 'archive', 'end')}`));
      const instance = new Instance(v1).start().completeTask('a');
      const bKey = instance.keyOf('task.created', 'b');

      // when
      const moved = migrate(instance, v2);

      // then
      expect(moved.last.filter((e) => e.type !== 'history')).toEqual([]);
      expect(moved.active).toEqual(['b', 'join']);
      moved.run({ type: 'completeTask', key: bKey });
      expect(moved.openTasks()).toEqual(['archive']);
      moved.completeTask('archive');
      expect(moved.status).toBe('completed');
    });

    it('refuses when the join holds a token from a flow the target does not have', async () => {
      // given
      const v1 = await model('p', v1Body);
      const v2 = await model('p', v1Body.replace(flow('ja', 'a', 'join'), flow('ja2', 'a', 'join')));
      const instance = new Instance(v1).start().completeTask('a');

      // when
      const error = refusal(() => migrate(instance, v2));

      // then
      expect(error.code).toBe('MIGRATION_REFUSED');
      expect(error.message).toContain('join join holds a token from flow ja');
    });
  });

  describe('subprocesses', () => {
    const v1Body = `<bpmn:startEvent id="start" /><bpmn:subProcess id="review"><bpmn:startEvent id="rs" /><bpmn:userTask id="check" /><bpmn:endEvent id="re" />${flow('r0', 'rs', 'check')}${flow('r1', 'check', 're')}</bpmn:subProcess><bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'review')}${flow('f1', 'review', 'end')}`;

    it('moves a task inside a subprocess onto a renamed one by mapping, keeping its key and the scope variables', async () => {
      // given
      const v1 = await model('p', v1Body);
      const v2 = await model('p', v1Body.replace('<bpmn:userTask id="check" />', '<bpmn:userTask id="verify" name="核验" />').replace(flow('r0', 'rs', 'check'), flow('r0', 'rs', 'verify')).replace(flow('r1', 'check', 're'), flow('r1', 'verify', 're')));
      const instance = new Instance(v1).start({ caseNo: 'C1' });
      const checkKey = instance.keyOf('task.created', 'check');

      // when
      const result = engine.migrate(v1, v2, instance.state, [{ source: 'check', target: 'verify' }], instance.ctx);

      // then
      expect(result.moved).toEqual([{ key: checkKey, from: 'check', to: 'verify' }]);
      const moved = migrate(instance, v2, [{ source: 'check', target: 'verify' }]);
      expect(moved.active).toEqual(['review', 'verify']);
      moved.run({ type: 'completeTask', key: checkKey });
      expect(moved.status).toBe('completed');
      expect(moved.vars).toEqual({ caseNo: 'C1' });
    });

    it('refuses a token whose target lies outside its subprocess, and an active element with no counterpart', async () => {
      // given
      const v1 = await model('p', v1Body);
      const flat = await model('p', `<bpmn:startEvent id="start" /><bpmn:userTask id="check" /><bpmn:endEvent id="end" />${flow('f0', 'start', 'check')}${flow('f1', 'check', 'end')}`);
      const instance = new Instance(v1).start();

      // when
      const error = refusal(() => migrate(instance, flat));

      // then
      expect(error.message).toContain('active element review has no counterpart in p');
      expect(refusal(() => migrate(instance, flat, [{ source: 'review', target: 'check' }])).message).toContain('review is a subProcess, its target check a userTask');
    });
  });

  describe('multi-instance', () => {
    const v1Body = `<bpmn:startEvent id="start" /><bpmn:userTask id="sign">${signers}</bpmn:userTask><bpmn:endEvent id="end" />${flow('f0', 'start', 'sign')}${flow('f1', 'sign', 'end')}`;

    it('moves a countersign half done: the open inner instances stay, the completed one still counts', async () => {
      // given
      const v1 = await model('p', v1Body);
      const v2 = await model('p', `<bpmn:startEvent id="start" /><bpmn:userTask id="sign" name="会签">${signers}</bpmn:userTask><bpmn:userTask id="issue" /><bpmn:endEvent id="end" />${flow('f0', 'start', 'sign')}${flow('f1', 'sign', 'issue')}${flow('f2', 'issue', 'end')}`);
      const instance = new Instance(v1).start({ signers: ['甲', '乙', '丙'] });
      const keys = instance.ofType('task.created').map((e) => e.key);
      instance.run({ type: 'completeTask', key: keys[0] });

      // when
      const moved = migrate(instance, v2);
      for (const key of keys.slice(1)) moved.run({ type: 'completeTask', key });

      // then
      expect(moved.openTasks()).toEqual(['issue']);
    });

    it('refuses multi-instance to single instance and parallel to sequential', async () => {
      // given
      const v1 = await model('p', v1Body);
      const single = await model('p', v1Body.replace(signers, ''));
      const sequential = await model('p', v1Body.replace('<bpmn:multiInstanceLoopCharacteristics>', '<bpmn:multiInstanceLoopCharacteristics isSequential="true">'));
      const instance = new Instance(v1).start({ signers: ['甲', '乙'] });

      // when / then
      expect(refusal(() => migrate(instance, single)).message).toContain('sign is multi-instance, its target sign is not');
      expect(refusal(() => migrate(instance, sequential)).message).toContain('sign is parallel multi-instance');
    });
  });

  describe('timers and boundary events', () => {
    const body = (boundaries: string): string => `<bpmn:startEvent id="start" /><bpmn:userTask id="review" />${boundaries}<bpmn:endEvent id="end" /><bpmn:endEvent id="lateEnd" />
      ${flow('f0', 'start', 'review')}${flow('f1', 'review', 'end')}`;
    const deadline = `${timer('deadline', 'review', 'P10D')}${flow('late', 'deadline', 'lateEnd')}`;

    it('keeps a mapped boundary timer with its due time, opens the boundary events the target adds, closes those it drops', async () => {
      // given
      const v1 = await model('p', body(deadline));
      const withReminder = await model('p', body(`${timer('reminder', 'review', 'P3D')}<bpmn:endEvent id="remindEnd" />${flow('rm', 'reminder', 'remindEnd')}${timer('dueBy', 'review', 'P10D')}${flow('late', 'dueBy', 'lateEnd')}`));
      const instance = new Instance(v1).start();
      const timerKey = instance.keyOf('timer.scheduled', 'deadline');
      const dueAt = instance.ofType('timer.scheduled')[0].dueAt;
      instance.now += 86_400_000;

      // when
      const moved = migrate(instance, withReminder, [{ source: 'deadline', target: 'dueBy' }]);

      // then
      expect(moved.last.filter((e) => e.type.startsWith('timer.'))).toEqual([
        { type: 'timer.scheduled', key: expect.any(String), elementId: 'reminder', dueAt: instance.now + 3 * 86_400_000 },
      ]);
      expect((moved.state.subs as Record<string, { el: string; dueAt: number }>)[timerKey]).toMatchObject({ el: 'dueBy', dueAt });
      moved.run({ type: 'triggerTimer', key: timerKey });
      expect(moved.history()).toContain('lateEnd');
      expect(moved.status).toBe('completed');

      // and the timer is cancelled on a target without it
      const bare = await model('p', body(''));
      const dropped = migrate(new Instance(v1).start(), bare);
      expect(dropped.last.filter((e) => e.type.startsWith('timer.'))).toEqual([{ type: 'timer.cancelled', key: timerKey, elementId: 'deadline' }]);
    });

    it('moves an intermediate timer catch event with its subscription and refuses a change of event kind', async () => {
      // given
      const catchTimer = `<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
      const v1 = await model('p', `<bpmn:startEvent id="start" />${catchTimer}<bpmn:endEvent id="end" />${flow('f0', 'start', 'wait')}${flow('f1', 'wait', 'end')}`);
      const v2 = await model('p', `<bpmn:startEvent id="start" />${catchTimer.replace('id="wait"', 'id="pause"')}<bpmn:endEvent id="end" />${flow('f0', 'start', 'pause')}${flow('f1', 'pause', 'end')}`);
      const asMessage = await model('p', `<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="end" />${flow('f0', 'start', 'wait')}${flow('f1', 'wait', 'end')}`, '<bpmn:signal id="s" name="go" />');
      const instance = new Instance(v1).start();
      const key = instance.keyOf('timer.scheduled', 'wait');

      // when
      const result = engine.migrate(v1, v2, instance.state, [{ source: 'wait', target: 'pause' }], instance.ctx);

      // then
      expect(result.moved).toEqual(expect.arrayContaining([{ key, from: 'wait', to: 'pause' }, { key, from: 'wait', to: 'pause', subscription: 'timer' }]));
      expect(refusal(() => migrate(instance, asMessage)).message).toContain('wait is a timer event, its target wait a signal event');
    });
  });

  it('refuses mappings naming elements either model lacks, and leaves the state as it was', async () => {
    // given
    const v1 = await model('p', `<bpmn:startEvent id="start" /><bpmn:userTask id="a" /><bpmn:endEvent id="end" />${flow('f0', 'start', 'a')}${flow('f1', 'a', 'end')}`);
    const instance = new Instance(v1).start();
    const before = JSON.stringify(instance.state);

    // when
    const error = refusal(() => engine.migrate(v1, v1, instance.state, [{ source: 'nope', target: 'a' }, { source: 'a', target: 'gone' }], instance.ctx));

    // then
    expect(error.message).toBe('mapping 1: the source process has no element nope; mapping 2: the target process has no element gone');
    expect(JSON.stringify(instance.state)).toBe(before);
  });
});
