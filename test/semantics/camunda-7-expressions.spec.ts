import { c7, conditionalFlow, flows, Scenario } from './support/semantics';

/**
 * Camunda 7 models with JUEL expressions, in the shape of Camunda 7's own engine tests
 * (ExclusiveGatewayTest, InclusiveGatewayTest, MultiInstanceTest, ServiceTaskExpressionTest),
 * asserting the outcomes those tests assert, over REST.
 */
describe('engine semantics over REST: Camunda 7 expressions', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  /** ExclusiveGatewayTest.testDivergingExclusiveGateway: `${input == n}` picks task n. */
  function divergingGateway() {
    return c7('juel-xor', `
      <bpmn:startEvent id="theStart" />
      <bpmn:exclusiveGateway id="exclusiveGw" />
      <bpmn:userTask id="theTask1" camunda:candidateGroups="health" /><bpmn:userTask id="theTask2" camunda:candidateGroups="health" /><bpmn:userTask id="theTask3" camunda:candidateGroups="health" />
      <bpmn:endEvent id="theEnd" />
      ${flows('theStart>exclusiveGw', 'theTask1>theEnd', 'theTask2>theEnd', 'theTask3>theEnd')}
      ${conditionalFlow('flow2', 'exclusiveGw', 'theTask1', '${input == 1}')}
      ${conditionalFlow('flow3', 'exclusiveGw', 'theTask2', '${input eq 2}')}
      ${conditionalFlow('flow4', 'exclusiveGw', 'theTask3', '${input == 3}')}`);
  }

  it.each([1, 2, 3])('an exclusive gateway with ${input == n} conditions routes input %i to its task', async (input) => {
    // given
    const model = divergingGateway();
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { input });

    // then
    await s.untilActive(id, [`theTask${input}`]);
  });

  it('an exclusive gateway with ${input == n} conditions routes the text "2" (a form value) to task 2, as JUEL coerces it', async () => {
    // given
    const model = divergingGateway();
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { input: '2' });

    // then
    await s.untilActive(id, ['theTask2']);
  });

  it('an exclusive gateway with ${input == n} conditions and no match raises an incident instead of guessing (ExclusiveGatewayTest.testNoSequenceFlowSelected)', async () => {
    // given
    const model = divergingGateway();
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { input: 4 });

    // then
    const incident = await s.untilIncident(id);
    expect(incident.elementId).toBe('exclusiveGw');
  });

  it('a default flow is taken only when no JUEL condition holds (ExclusiveGatewayTest.testDefaultSequenceFlow)', async () => {
    // given
    const model = c7('juel-default', `
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" default="toDefault" />
      <bpmn:userTask id="a" camunda:candidateGroups="health" /><bpmn:userTask id="b" camunda:candidateGroups="health" /><bpmn:userTask id="other" camunda:candidateGroups="health" />
      ${flows('start>gw')}
      ${conditionalFlow('toA', 'gw', 'a', '${input == 1 && !skip}')}
      ${conditionalFlow('toB', 'gw', 'b', "${kind eq 'b' || empty kind}")}
      <bpmn:sequenceFlow id="toDefault" sourceRef="gw" targetRef="other" />`);
    await s.deploy(model);

    // when
    const toA = await s.start(model.key, { input: 1, kind: 'x' });
    const toB = await s.start(model.key, { input: 2 });
    const toDefault = await s.start(model.key, { input: 1, skip: true, kind: 'c' });

    // then
    await s.untilActive(toA, ['a']);
    await s.untilActive(toB, ['b']);
    await s.untilActive(toDefault, ['other']);
  });

  it('an inclusive gateway takes every flow whose JUEL condition holds (InclusiveGatewayTest.testDivergingInclusiveGateway)', async () => {
    // given
    const model = c7('juel-or', `
      <bpmn:startEvent id="start" /><bpmn:inclusiveGateway id="fork" />
      <bpmn:userTask id="t1" camunda:candidateGroups="health" /><bpmn:userTask id="t2" camunda:candidateGroups="health" /><bpmn:userTask id="t3" camunda:candidateGroups="health" />
      ${flows('start>fork')}
      ${conditionalFlow('c1', 'fork', 't1', '${input <= 1}')}
      ${conditionalFlow('c2', 'fork', 't2', '${input le 2}')}
      ${conditionalFlow('c3', 'fork', 't3', '${input <= 3}')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { input: 2 });

    // then
    await s.untilActive(id, ['t2', 't3']);
  });

  /** ExclusiveGatewayTest.testDecideBasedOnBeanProperty / …ListOrArrayOfBeans: CDATA conditions on properties and list items. */
  function serviceLevelGateway(path: string) {
    const cdata = (condition: string) => `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">
        <![CDATA[${condition}]]>
      </bpmn:conditionExpression>`;
    return c7('juel-beans', `
      <bpmn:startEvent id="theStart" /><bpmn:exclusiveGateway id="exclusiveGw" />
      <bpmn:userTask id="basicService" camunda:candidateGroups="health" /><bpmn:userTask id="standardService" camunda:candidateGroups="health" /><bpmn:userTask id="goldMemberService" camunda:candidateGroups="health" />
      ${flows('theStart>exclusiveGw')}
      <bpmn:sequenceFlow id="flow2" sourceRef="exclusiveGw" targetRef="basicService">${cdata(`\${${path} <= 100}`)}</bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="flow3" sourceRef="exclusiveGw" targetRef="standardService">${cdata(`\${${path} > 100 && ${path} < 250}`)}</bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="flow4" sourceRef="exclusiveGw" targetRef="goldMemberService">${cdata(`\${${path} >= 250}`)}</bpmn:sequenceFlow>`);
  }

  it.each<[string, Record<string, unknown>, string]>([
    ['order.price', { order: { price: 150 } }, 'standardService'],
    ['order.price', { order: { price: 300 } }, 'goldMemberService'],
    ['orders[1].price', { orders: [{ price: 50 }, { price: 300 }, { price: 175 }] }, 'goldMemberService'],
    ['orders[1].price', { orders: [{ price: 50 }, { price: 10 }, { price: 175 }] }, 'basicService'],
  ])('routes on ${%s} with %j to %s, counting list items from 0 as JUEL does', async (path, variables, task) => {
    // given
    const model = serviceLevelGateway(path);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, variables);

    // then
    await s.untilActive(id, [task]);
  });

  it('reads a condition with whitespace and newlines around ${…} (ExclusiveGatewayTest.testWhitespaceInExpression)', async () => {
    // given
    const model = c7('juel-whitespace', `
      <bpmn:startEvent id="theStart" /><bpmn:exclusiveGateway id="exclusiveGw" />
      <bpmn:userTask id="theTask1" camunda:candidateGroups="health" /><bpmn:userTask id="theTask2" camunda:candidateGroups="health" />
      ${flows('theStart>exclusiveGw')}
      <bpmn:sequenceFlow id="flow2" sourceRef="exclusiveGw" targetRef="theTask1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">
          \${input == 1}
        </bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="flow3" sourceRef="exclusiveGw" targetRef="theTask2"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${input == 2}</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { input: 1 });

    // then
    await s.untilActive(id, ['theTask1']);
  });

  it('票签: a completion condition ${nrOfCompletedInstances/nrOfInstances >= 0.6} ends the countersign after 2 of 3 votes', async () => {
    // given
    const model = c7('juel-vote', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="vote" camunda:candidateGroups="health">
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${voters}" camunda:elementVariable="voter">
          <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">\${nrOfCompletedInstances/nrOfInstances &gt;= 0.6}</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:userTask id="after" camunda:candidateGroups="health" />
      ${flows('start>vote', 'vote>after')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { voters: ['li', 'wang', 'zhao'] });
    const tasks = await s.untilTasks(id, 3);

    // when
    await s.completeTask(tasks[0]);
    await s.untilTasks(id, 2);
    await s.completeTask(tasks[1]);

    // then
    await s.untilActive(id, ['after']);
    expect((await s.openTasks(id)).map((task) => task.elementId)).toEqual(['after']);
  });

  it('或签: a completion condition ${nrOfCompletedInstances == 1} ends the countersign with the first approval', async () => {
    // given
    const model = c7('juel-any', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign" camunda:candidateGroups="health">
        <bpmn:multiInstanceLoopCharacteristics>
          <bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">\${signers}</bpmn:loopCardinality>
          <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">\${nrOfCompletedInstances == 1}</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:userTask id="after" camunda:candidateGroups="health" />
      ${flows('start>sign', 'sign>after')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { signers: 3 });
    const tasks = await s.untilTasks(id, 3);

    // when
    await s.completeTask(tasks[1]);

    // then
    await s.untilActive(id, ['after']);
  });

  it('five parallel tasks with loopCardinality ${5} end after three completions under ${nrOfCompletedInstances/nrOfInstances >= 0.5} (MultiInstanceTest.testParallelUserTasksCompletionCondition)', async () => {
    // given
    const model = c7('juel-half', `
      <bpmn:startEvent id="theStart" />
      <bpmn:userTask id="miTasks" camunda:candidateGroups="health">
        <bpmn:multiInstanceLoopCharacteristics isSequential="false">
          <bpmn:loopCardinality>\${5}</bpmn:loopCardinality>
          <bpmn:completionCondition>\${nrOfCompletedInstances/nrOfInstances &gt;= 0.5}</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="theEnd" />
      ${flows('theStart>miTasks', 'miTasks>theEnd')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const tasks = await s.untilTasks(id, 5);

    // when
    for (let i = 0; i < 3; i++) {
      await s.untilTasks(id, 5 - i);
      expect((await s.completeTask(tasks[i])).status).toBe(200);
    }

    // then
    await s.until(id, 'completed');
  });

  it('sequential tasks with loopCardinality ${nrOfLoops} stop at ${nrOfCompletedInstances == 2} (MultiInstanceTest, sequential)', async () => {
    // given
    const model = c7('juel-sequential', `
      <bpmn:startEvent id="theStart" />
      <bpmn:userTask id="miTasks" camunda:candidateGroups="health">
        <bpmn:multiInstanceLoopCharacteristics isSequential="true">
          <bpmn:loopCardinality>\${nrOfLoops}</bpmn:loopCardinality>
          <bpmn:completionCondition>\${nrOfCompletedInstances == 2}</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="theEnd" />
      ${flows('theStart>miTasks', 'miTasks>theEnd')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { nrOfLoops: 10 });

    // when
    for (let i = 0; i < 2; i++) {
      const [task] = await s.untilTasks(id, 1);
      expect((await s.completeTask(task)).status).toBe(200);
      if (i === 0) await s.api.eventually(() => s.openTasks(id), (open) => open.length === 1 && open[0].id !== task.id);
    }

    // then
    await s.until(id, 'completed');
  });

  it('a composite assignee and task name are evaluated when the task is created', async () => {
    // given
    const model = c7('juel-composite', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" name="Review \${order.no}" camunda:candidateGroups="health" camunda:assignee="clerk.\${dept}" />
      ${flows('start>review')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { order: { no: 'A-17' }, dept: 'health' });

    // then
    const [task] = await s.untilTasks(id, 1);
    expect(task.assignee).toBe('clerk.health');
    const detail = await s.get(`/tasks/${task.id}`).set('Authorization', await s.api.as('clerk.health'));
    expect(detail.body.name).toBe('Review A-17');
  });

  it('camunda:expression with camunda:resultVariable on a service task stores the value (ServiceTaskExpressionTest)', async () => {
    // given
    const model = c7('juel-service', `
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="double" camunda:expression="\${amount * 2}" camunda:resultVariable="doubled" />
      <bpmn:serviceTask id="noop" camunda:expression="\${true}" />
      <bpmn:userTask id="check" camunda:candidateGroups="health" />
      ${flows('start>double', 'double>noop', 'noop>check')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { amount: 21 });

    // then
    await s.untilActive(id, ['check']);
    expect((await s.instance(id)).variables).toEqual({ amount: 21, doubled: 42 });
  });

  it('a loop of JUEL script tasks counts from the text "0" as Camunda 7 coerces it (ExclusiveGatewayTest.testLoopWithManyIterations shape)', async () => {
    // given
    const model = c7('juel-script-loop', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="init" scriptFormat="juel" camunda:resultVariable="i"><bpmn:script>0</bpmn:script></bpmn:scriptTask>
      <bpmn:exclusiveGateway id="more" default="done" />
      <bpmn:scriptTask id="increment" scriptFormat="juel" camunda:resultVariable="i"><bpmn:script>\${i+1}</bpmn:script></bpmn:scriptTask>
      <bpmn:userTask id="check" camunda:candidateGroups="health" />
      ${flows('start>init', 'init>more', 'increment>more')}
      ${conditionalFlow('again', 'more', 'increment', '${i < 3}')}
      <bpmn:sequenceFlow id="done" sourceRef="more" targetRef="check" />`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    await s.untilActive(id, ['check']);
    expect((await s.instance(id)).variables).toEqual({ i: 3 });
  });

  it('refuses at deploy a method call (ExclusiveGatewayTest.testDecideBasedOnBeanMethod) and an accidental FEEL unary test, naming each flow', async () => {
    // given
    const model = c7('juel-refused', `
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" />
      <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
      ${flows('start>gw')}
      ${conditionalFlow('flow_3', 'gw', 'e1', '${order.isValid()}')}
      ${conditionalFlow('flow_4', 'gw', 'e2', '= input == 1')}`);

    // when
    const response = await s.deployRaw(model.xml);

    // then
    expect(response.status).toBe(400);
    const messages = (response.body.details.problems as { elementId: string; message: string }[]).map((p) => `${p.elementId}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringContaining('flow_3: bpmn:SequenceFlow "flow_3": condition: the Camunda 7 expression "${order.isValid()}" calls a method (order.isValid), which Tongban does not run'),
      expect.stringContaining('flow_4: bpmn:SequenceFlow "flow_4": condition "= input == 1" is not valid FEEL: "input == 1" (position 0) compares with a unary test'),
    ]);
  });
});
