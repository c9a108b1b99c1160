import { uniqueKey } from '../support/test-app';
import { c7, c8, flows, Scenario, userTask, type Task } from './support/semantics';

describe('engine semantics over REST: compensation of multi-instance activities and subprocesses, multi-instance call activities', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  async function taskVariables(task: Task): Promise<Record<string, unknown>> {
    return (await s.t.http.get(`/api/v1/tasks/${task.id}`).set('Authorization', await s.api.as(`clerk.${task.department}`))).body.variables;
  }

  /** Completes the only open task at `elementId` and returns what it saw. */
  async function completeOnly(id: string, elementId: string): Promise<Record<string, unknown>> {
    const tasks = await s.api.eventually(() => s.openTasks(id), (open) => open.length === 1 && open[0].elementId === elementId);
    const seen = await taskVariables(tasks[0]);
    const response = await s.completeTask(tasks[0]);
    expect(response.status).toBe(200);
    return seen;
  }

  it('a compensated multi-instance activity runs its handler once per completed inner instance, newest first, with its loopCounter and element', async () => {
    // given: three rooms booked (completed in the order 102, 103, 101), then the booking is undone
    const model = c8('mi-compensation', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="book">
        <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= rooms" inputElement="room" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:boundaryEvent id="bookComp" attachedToRef="book"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:userTask id="cancel" isForCompensation="true"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition activityRef="book" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" />
      ${flows('start>book', 'book>undo', 'undo>end')}
      <bpmn:association id="a1" associationDirection="One" sourceRef="bookComp" targetRef="cancel" />`);
    await s.deploy(model);
    const id = await s.start(model.key, { rooms: ['101', '102', '103'] });
    const booked = await s.untilTasks(id, 3);
    const byRoom = new Map<unknown, Task>();
    for (const task of booked) byRoom.set((await taskVariables(task)).room, task);

    // when
    for (const room of ['102', '103', '101']) expect((await s.completeTask(byRoom.get(room) as Task)).status).toBe(200);

    // then
    const undone: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const seen = await completeOnly(id, 'cancel');
      undone.push([seen.room, seen.loopCounter]);
    }
    expect(undone).toEqual([['101', 1], ['103', 3], ['102', 2]]);
    await s.until(id, 'completed');
  });

  it('compensating a finished subprocess that has no handler of its own compensates the activities inside it', async () => {
    // given
    const model = c8('sub-compensation', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="pay">
        <bpmn:startEvent id="payStart" />
        ${userTask('charge')}
        <bpmn:boundaryEvent id="chargeComp" attachedToRef="charge"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
        <bpmn:userTask id="refund" isForCompensation="true"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:endEvent id="payEnd" />
        ${flows('payStart>charge', 'charge>payEnd')}
        <bpmn:association id="a1" associationDirection="One" sourceRef="chargeComp" targetRef="refund" />
      </bpmn:subProcess>
      ${userTask('review')}
      <bpmn:intermediateThrowEvent id="undoPay"><bpmn:compensateEventDefinition activityRef="pay" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" />
      ${flows('start>pay', 'pay>review', 'review>undoPay', 'undoPay>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await completeOnly(id, 'charge');

    // when
    await completeOnly(id, 'review');

    // then
    await completeOnly(id, 'refund');
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'compensation.started')).toEqual(['undoPay']);
  });

  it('a compensation throw inside a compensation event subprocess runs the handler of the subprocess activity it names', async () => {
    // given
    const model = c8('esp-compensation', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="pay">
        <bpmn:startEvent id="payStart" />
        ${userTask('charge')}
        <bpmn:boundaryEvent id="chargeComp" attachedToRef="charge"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
        <bpmn:userTask id="refund" isForCompensation="true"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements></bpmn:userTask>
        ${userTask('receipt')}
        <bpmn:boundaryEvent id="receiptComp" attachedToRef="receipt"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
        <bpmn:userTask id="voidReceipt" isForCompensation="true"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:endEvent id="payEnd" />
        ${flows('payStart>charge', 'charge>receipt', 'receipt>payEnd')}
        <bpmn:association id="a1" associationDirection="One" sourceRef="chargeComp" targetRef="refund" />
        <bpmn:association id="a2" associationDirection="One" sourceRef="receiptComp" targetRef="voidReceipt" />
        <bpmn:subProcess id="undoPayment" triggeredByEvent="true">
          <bpmn:startEvent id="undoStart"><bpmn:compensateEventDefinition /></bpmn:startEvent>
          <bpmn:intermediateThrowEvent id="undoCharge"><bpmn:compensateEventDefinition activityRef="charge" /></bpmn:intermediateThrowEvent>
          <bpmn:endEvent id="undoEnd" />
          ${flows('undoStart>undoCharge', 'undoCharge>undoEnd')}
        </bpmn:subProcess>
      </bpmn:subProcess>
      ${userTask('review')}
      <bpmn:endEvent id="rollback"><bpmn:compensateEventDefinition /></bpmn:endEvent>
      ${flows('start>pay', 'pay>review', 'review>rollback')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await completeOnly(id, 'charge');
    await completeOnly(id, 'receipt');

    // when
    await completeOnly(id, 'review');

    // then: the fee is refunded; the receipt, not named by the throw, stays
    await completeOnly(id, 'refund');
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).not.toContain('voidReceipt');
  });

  it('Camunda 7 multi-instance call activity with in / out variables="all": every child ends and the parent goes on', async () => {
    // given
    const childKey = uniqueKey('check-item');
    const child = c7('unused', `<bpmn:startEvent id="cs" /><bpmn:userTask id="inspect" camunda:candidateGroups="health" /><bpmn:endEvent id="ce" />${flows('cs>inspect', 'inspect>ce')}`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c7('mi-call-all', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="checkEach" calledElement="${childKey}">
        <bpmn:extensionElements><camunda:in variables="all" /><camunda:out variables="all" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${items}" camunda:elementVariable="item" />
      </bpmn:callActivity>
      <bpmn:userTask id="afterwards" camunda:candidateGroups="health" />
      <bpmn:endEvent id="end" />${flows('start>checkEach', 'checkEach>afterwards', 'afterwards>end')}`);
    await s.deploy(parent);
    const parentId = await s.start(parent.key, { items: ['a', 'b'] });
    const kids = await s.api.eventually(() => s.children(parentId), (items) => items.length === 2);
    expect((await Promise.all(kids.map((kid) => s.instance(kid.id)))).map((kid) => kid.variables.loopCounter).sort()).toEqual([0, 1]);

    // when
    for (const kid of kids) await s.completeAt(kid.id, 'inspect', { [`ok_${kid.id.slice(0, 4)}`]: true });

    // then
    await s.untilActive(parentId, ['afterwards']);
    expect(await s.incidents(parentId)).toEqual([]);
    const after = await s.instance(parentId);
    expect(after.variables).not.toHaveProperty('nrOfInstances');
    expect(after.variables).not.toHaveProperty('loopCounter');
  });
});
