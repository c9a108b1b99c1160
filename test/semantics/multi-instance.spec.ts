import { c7, c8, flows, Scenario, type Task } from './support/semantics';

describe('engine semantics over REST: multi-instance countersigning', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  const signers = ['Zhang', 'Wang', 'Li'];

  /** A parallel multi-instance user task over `signers` (Camunda 8), with an optional completion condition. */
  function countersign(base: string, completionCondition?: string, outputElement = '= approve') {
    return c8(base, `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign">
        <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics>
          <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= signers" inputElement="signer" outputCollection="opinions" outputElement="${outputElement.replace(/"/g, '&quot;')}" /></bpmn:extensionElements>
          ${completionCondition ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${completionCondition.replace(/>/g, '&gt;').replace(/</g, '&lt;')}</bpmn:completionCondition>` : ''}
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>sign', 'sign>end')}`);
  }

  async function taskVariables(task: Task): Promise<Record<string, unknown>> {
    return (await s.t.http.get(`/api/v1/tasks/${task.id}`).set('Authorization', await s.api.as(`clerk.${task.department}`))).body.variables;
  }

  it('会签 (all must sign): one task per signer, the instance goes on only when all have completed; output collection in order', async () => {
    // given
    const model = countersign('huiqian', undefined, '= signer + ":" + string(loopCounter) + ":" + string(approve)');
    await s.deploy(model);
    const id = await s.start(model.key, { signers });

    // when
    const tasks = await s.untilTasks(id, 3);
    const bySigner = new Map<string, Task>();
    for (const task of tasks) bySigner.set(String((await taskVariables(task)).signer), task);
    expect([...bySigner.keys()].sort()).toEqual([...signers].sort());
    await s.completeTask(bySigner.get('Li')!, { approve: true });
    await s.completeTask(bySigner.get('Zhang')!, { approve: false });
    await s.settled();

    // then still waiting for the third
    expect((await s.openTasks(id)).map((t) => t.id)).toEqual([bySigner.get('Wang')!.id]);
    expect((await s.instance(id)).state).toBe('active');

    // when
    await s.completeTask(bySigner.get('Wang')!, { approve: true });

    // then
    const done = await s.until(id, 'completed');
    expect(done.variables.opinions).toEqual(['Zhang:1:false', 'Wang:2:true', 'Li:3:true']);
  });

  it('或签 (any one signs): the first completion completes the task, the other signers\' tasks are withdrawn', async () => {
    // given
    const model = countersign('huoqian', '= numberOfCompletedInstances >= 1');
    await s.deploy(model);
    const id = await s.start(model.key, { signers });
    const tasks = await s.untilTasks(id, 3);

    // when
    await s.completeTask(tasks[1], { approve: true });

    // then
    await s.until(id, 'completed');
    expect(await s.openTasks(id)).toEqual([]);
    expect((await s.completeTask(tasks[0], { approve: true })).status).toBe(409);
  });

  it('票签 (a ratio decides): two of three approvals (≥ 60 %) complete the vote early', async () => {
    // given
    const model = countersign('piaoqian', '= count(opinions[item = true]) / numberOfInstances >= 0.6');
    await s.deploy(model);
    const id = await s.start(model.key, { signers });
    const tasks = await s.untilTasks(id, 3);

    // when one approves
    await s.completeTask(tasks[0], { approve: true });
    await s.settled();

    // then the vote goes on
    expect(await s.openTasks(id)).toHaveLength(2);

    // when a second approves
    await s.completeTask(tasks[2], { approve: true });

    // then the vote is decided and the last ballot withdrawn
    const done = await s.until(id, 'completed');
    expect((done.variables.opinions as unknown[]).filter((v) => v === true)).toHaveLength(2);
    expect(await s.openTasks(id)).toEqual([]);
  });

  it('sequential multi-instance: one signer after the other, in collection order', async () => {
    // given
    const model = c8('sequential', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign">
        <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= signers" inputElement="signer" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>sign', 'sign>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { signers });

    // when / then
    for (const signer of signers) {
      const [task] = await s.untilTasks(id, 1);
      expect(await taskVariables(task)).toMatchObject({ signer });
      await s.completeTask(task);
      await s.api.eventually(() => s.openTasks(id), (open) => open.every((t) => t.id !== task.id));
    }
    await s.until(id, 'completed');
  });

  it('Camunda 7 或签: camunda:collection and camunda:elementVariable, completion on nrOfCompletedInstances', async () => {
    // given
    const model = c7('huoqian7', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign" camunda:candidateGroups="health">
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${signers}" camunda:elementVariable="signer">
          <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">\${nrOfCompletedInstances >= 1}</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>sign', 'sign>end')}`.replace('>= 1}', '&gt;= 1}'));
    await s.deploy(model);
    const id = await s.start(model.key, { signers });

    // when
    const tasks = await s.untilTasks(id, 3);
    expect((await Promise.all(tasks.map(taskVariables))).map((v) => v.signer).sort()).toEqual([...signers].sort());
    await s.completeTask(tasks[0]);

    // then
    await s.until(id, 'completed');
    expect(await s.openTasks(id)).toEqual([]);
  });

  it('Camunda 7 会签: nrOfInstances and loopCounter (from 0, as in Camunda 7) are visible to each instance', async () => {
    // given
    const model = c7('huiqian7', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign" camunda:candidateGroups="health">
        <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="position">\${loopCounter}</camunda:inputParameter><camunda:inputParameter name="of">\${nrOfInstances}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="signers" camunda:elementVariable="signer" />
      </bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>sign', 'sign>end')}`);
    const deployed = await s.deployRaw(model.xml);
    expect(deployed.status).toBe(201);
    const id = await s.start(model.key, { signers });

    // when
    const tasks = await s.untilTasks(id, 3);
    const seen = await Promise.all(tasks.map(taskVariables));

    // then
    expect(seen.map((v) => v.position).sort()).toEqual([0, 1, 2]);
    expect(seen.every((v) => v.of === 3)).toBe(true);
    for (const task of tasks) await s.completeTask(task);
    await s.until(id, 'completed');
  });

  it('会签 across departments: each signer\'s task goes to the signer\'s department and person from the collection element', async () => {
    // given
    const model = c8('huiqian-depts', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign">
        <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="= signer.department" assignee="= signer.user" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= signers" inputElement="signer" outputCollection="decisions" outputElement="= {by: signer.user, approved: approved}" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:exclusiveGateway id="allApproved" default="rejected" />
      <bpmn:endEvent id="approvedEnd" /><bpmn:endEvent id="rejectedEnd" />
      ${flows('start>sign', 'sign>allApproved')}
      <bpmn:sequenceFlow id="approved" sourceRef="allApproved" targetRef="approvedEnd"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= every d in decisions satisfies d.approved</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="rejected" sourceRef="allApproved" targetRef="rejectedEnd" />`);
    await s.deploy(model);
    const signersOf = [{ user: 'clerk.fire-rescue', department: 'fire-rescue' }, { user: 'clerk.health', department: 'health' }];
    const id = await s.start(model.key, { signers: signersOf });

    // when
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => [t.department, t.assignee]).sort()).toEqual([['fire-rescue', 'clerk.fire-rescue'], ['health', 'clerk.health']]);
    const fireTask = tasks.find((t) => t.department === 'fire-rescue')!;
    expect((await s.api.complete(fireTask.id, 'clerk.health', { approved: true })).status).toBe(403);
    for (const task of tasks) expect((await s.completeTask(task, { approved: true })).status).toBe(200);

    // then
    const done = await s.until(id, 'completed');
    expect(done.variables.decisions).toEqual([{ by: 'clerk.fire-rescue', approved: true }, { by: 'clerk.health', approved: true }]);
    expect(await s.historyOf(id, 'element.entered')).toContain('approvedEnd');
  });

  it('票签 rejection: a majority of rejections ends the vote early', async () => {
    // given
    const model = countersign('piaoqian-reject', '= count(opinions[item = false]) > numberOfInstances / 2');
    await s.deploy(model);
    const id = await s.start(model.key, { signers });
    const tasks = await s.untilTasks(id, 3);

    // when
    await s.completeTask(tasks[0], { approve: false });
    await s.completeTask(tasks[1], { approve: false });

    // then
    const done = await s.until(id, 'completed');
    expect((done.variables.opinions as unknown[]).filter((v) => v === false)).toHaveLength(2);
    expect(await s.openTasks(id)).toEqual([]);
  });

  it('a 票签 whose completion condition fails (no boolean) raises an incident; fixed over REST and resolved, the vote ends', async () => {
    // given: without a ratio the condition gives text, not a boolean
    const model = countersign('piaoqian-broken', '= if ratio = null then "no ratio" else count(opinions[item = true]) / numberOfInstances >= ratio');
    await s.deploy(model);
    const id = await s.start(model.key, { signers });
    const tasks = await s.untilTasks(id, 3);

    // when
    await s.completeTask(tasks[0], { approve: true });

    // then
    await s.until(id, 'incident');
    const incident = await s.untilIncident(id);
    expect(incident).toMatchObject({ elementId: 'sign', type: 'FEEL_ERROR' });

    // when
    await s.setVariables(id, { ratio: 0.3 });
    await s.resolve(incident.id);

    // then
    await s.until(id, 'completed');
    expect(await s.openTasks(id)).toEqual([]);
  });
});
