import { c7, c8, conditionalFlow, flows, HOUR, Scenario, userTask } from './support/semantics';

describe('engine semantics over REST: gateways', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  /** start → exclusive gateway → big (amount > 100) | small (amount <= 100) | default manual */
  function exclusive(kind: 'c8' | 'c7', withDefault: boolean) {
    const big = kind === 'c8' ? '= amount > 100' : '${amount > 100}';
    const small = kind === 'c8' ? '= amount <= 100 and amount > 0' : '${amount <= 100 and amount > 0}';
    const body = `
      <bpmn:startEvent id="start" />
      <bpmn:exclusiveGateway id="amountCheck"${withDefault ? ' default="toManual"' : ''} />
      <bpmn:endEvent id="bigEnd" /><bpmn:endEvent id="smallEnd" /><bpmn:endEvent id="manualEnd" />
      ${flows('start>amountCheck')}
      ${conditionalFlow('toBig', 'amountCheck', 'bigEnd', big)}
      ${conditionalFlow('toSmall', 'amountCheck', 'smallEnd', small)}
      ${withDefault ? '<bpmn:sequenceFlow id="toManual" sourceRef="amountCheck" targetRef="manualEnd" />' : ''}`;
    return kind === 'c8' ? c8('xor', body) : c7('xor', body);
  }

  it('exclusive gateway: a Camunda 8 FEEL condition picks the branch', async () => {
    // given
    const model = exclusive('c8', true);
    await s.deploy(model);

    // when
    const big = await s.start(model.key, { amount: 500 });
    const small = await s.start(model.key, { amount: 50 });

    // then
    await s.until(big, 'completed');
    await s.until(small, 'completed');
    expect(await s.historyOf(big, 'element.entered')).toContain('bigEnd');
    expect(await s.historyOf(small, 'element.entered')).toContain('smallEnd');
    expect(await s.historyOf(small, 'element.entered')).not.toContain('bigEnd');
  });

  it('exclusive gateway: a Camunda 7 ${} condition picks the branch, the default flow when none holds', async () => {
    // given
    const model = exclusive('c7', true);
    await s.deploy(model);

    // when
    const big = await s.start(model.key, { amount: 500 });
    const none = await s.start(model.key, { amount: -1 });

    // then
    await s.until(big, 'completed');
    await s.until(none, 'completed');
    expect(await s.historyOf(big, 'element.entered')).toContain('bigEnd');
    expect(await s.historyOf(none, 'element.entered')).toContain('manualEnd');
  });

  it('exclusive gateway: Camunda 8 conditions with is defined() and get or else()', async () => {
    // given
    const model = c8('xor-ext', `
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="route" default="normal" />
      <bpmn:endEvent id="urgentEnd" /><bpmn:endEvent id="discountEnd" /><bpmn:endEvent id="normalEnd" />
      ${flows('start>route')}
      ${conditionalFlow('urgent', 'route', 'urgentEnd', '= get or else(priority, "normal") = "urgent"')}
      ${conditionalFlow('discounted', 'route', 'discountEnd', '= is defined(discount) and discount > 0')}
      <bpmn:sequenceFlow id="normal" sourceRef="route" targetRef="normalEnd" />`);
    await s.deploy(model);

    // when
    const urgent = await s.start(model.key, { priority: 'urgent' });
    const discounted = await s.start(model.key, { discount: 5 });
    const plain = await s.start(model.key, {});

    // then
    for (const [id, end] of [[urgent, 'urgentEnd'], [discounted, 'discountEnd'], [plain, 'normalEnd']]) {
      await s.until(id, 'completed');
      expect(await s.historyOf(id, 'element.entered')).toContain(end);
    }
  });

  it('exclusive gateway without a match raises an incident; fixing the variables over REST and resolving continues', async () => {
    // given
    const model = exclusive('c8', false);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { amount: -1 });

    // then: the instance shows the incident, listed for the instance
    const instance = await s.until(id, 'incident');
    expect(instance.activeElementIds).toEqual(['amountCheck']);
    const incident = await s.untilIncident(id);
    expect(incident).toMatchObject({ processInstanceId: id, elementId: 'amountCheck', state: 'open' });

    // when the operator fixes the data
    const fixed = await s.setVariables(id, { amount: 20 });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ id, state: 'incident', variables: { amount: 20 } });

    // and resolves the incident
    await s.resolve(incident.id);

    // then the gateway is evaluated again with the new value
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('smallEnd');
    expect(await s.incidents(id)).toEqual([]);
    expect((await s.incidents(id, 'resolved')).map((i) => i.id)).toEqual([incident.id]);
  });

  it('instance variables: PUT merges like PATCH, clerks and supervisors may not, an ended instance answers 409', async () => {
    // given
    const model = c8('vars', `<bpmn:startEvent id="start" />${userTask('review')}<bpmn:endEvent id="end" />${flows('start>review', 'review>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { a: 1, b: 2 });

    // when
    const put = await s.setVariables(id, { b: 3, c: { nested: true } }, 'put');

    // then
    expect(put.status).toBe(200);
    expect((await s.instance(id)).variables).toEqual({ a: 1, b: 3, c: { nested: true } });
    expect((await s.history(id)).some((event) => event.type === 'variables.updated')).toBe(true);
    for (const user of ['clerk.health', 'supervisor']) {
      const refused = await s.t.http.patch(`/api/v1/process-instances/${id}/variables`).set('Authorization', await s.api.as(user)).send({ variables: { a: 9 } });
      expect(refused.status).toBe(403);
    }
    const admin = await s.t.http.patch(`/api/v1/process-instances/${id}/variables`).set('Authorization', await s.api.as('admin')).send({ variables: { a: 2 } });
    expect(admin.status).toBe(200);
    expect((await s.t.http.patch(`/api/v1/process-instances/${id}/variables`).set('X-API-Key', s.t.apiKey).send({ variables: 'x' })).status).toBe(400);

    await s.completeAt(id, 'review');
    await s.until(id, 'completed');
    const late = await s.setVariables(id, { a: 3 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INSTANCE_NOT_ACTIVE');
    expect((await s.setVariables('00000000-0000-4000-8000-000000000000', { a: 1 })).status).toBe(404);
    const docs = (await s.t.http.get('/api/docs-json')).body;
    expect(Object.keys(docs.paths['/api/v1/process-instances/{id}/variables']).sort()).toEqual(['patch', 'put']);
  });

  it('parallel gateway: fork to three departments, the join waits for all', async () => {
    // given
    const model = c8('and', `
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="fork" />
      ${userTask('market', 'market-regulation')}${userTask('fire', 'fire-rescue')}${userTask('health', 'health')}
      <bpmn:parallelGateway id="join" />
      <bpmn:endEvent id="end" />
      ${flows('start>fork', 'fork>market', 'fork>fire', 'fork>health', 'market>join', 'fire>join', 'health>join', 'join>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);

    // when
    await s.untilTasks(id, 3);
    await s.completeAt(id, 'fire');
    await s.completeAt(id, 'market');

    // then the join holds the two arrived tokens and waits for the third
    const waiting = await s.untilTasks(id, 1);
    expect(waiting.map((t) => t.elementId)).toEqual(['health']);
    expect((await s.instance(id)).activeElementIds.sort()).toEqual(['health', 'join']);
    await s.completeAt(id, 'health');
    await s.until(id, 'completed');
    expect((await s.historyOf(id, 'element.left')).filter((e) => e === 'join')).toHaveLength(1);
  });

  /** start → OR-split: fire (seats > 50), health (food), market (always) → OR-join → end */
  function inclusive() {
    return c8('or', `
      <bpmn:startEvent id="start" />
      <bpmn:inclusiveGateway id="split" />
      ${userTask('fire', 'fire-rescue')}${userTask('health', 'health')}${userTask('market', 'market-regulation')}
      <bpmn:inclusiveGateway id="join" />
      ${userTask('issue', 'market-regulation')}
      <bpmn:endEvent id="end" />
      ${conditionalFlow('toFire', 'split', 'fire', '= seats > 50')}
      ${conditionalFlow('toHealth', 'split', 'health', '= food = true')}
      ${conditionalFlow('toMarket', 'split', 'market', '= true')}
      ${flows('start>split', 'fire>join', 'health>join', 'market>join', 'join>issue', 'issue>end')}`);
  }

  it('inclusive gateway: the split takes every true branch, the join waits only for the branches taken', async () => {
    // given
    const model = inclusive();
    await s.deploy(model);

    // when: no food, many seats → fire and market, not health
    const id = await s.start(model.key, { seats: 80, food: false });

    // then
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['fire', 'market']);

    // when one arrives, the join still waits for the other that can still arrive
    await s.completeAt(id, 'market');
    await s.settled();
    expect((await s.openTasks(id)).map((t) => t.elementId)).toEqual(['fire']);

    // when the last taken branch arrives
    await s.completeAt(id, 'fire');

    // then the join fires once
    await s.untilActive(id, ['issue']);
    expect((await s.historyOf(id, 'element.left')).filter((e) => e === 'join')).toHaveLength(1);
    await s.completeAt(id, 'issue');
    await s.until(id, 'completed');
  });

  it('inclusive gateway: only one branch taken, the join passes at once', async () => {
    // given
    const model = inclusive();
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { seats: 10, food: false });

    // then
    await s.completeAt(id, 'market');
    await s.untilActive(id, ['issue']);
  });

  /** start → event-based gateway → message "materials-supplemented" | timer P5D (the 补正 deadline) */
  function eventBased() {
    return c8('eventgw', `
      <bpmn:startEvent id="start" />
      <bpmn:eventBasedGateway id="wait" />
      <bpmn:intermediateCatchEvent id="supplemented"><bpmn:messageEventDefinition messageRef="msgSupplemented" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="deadline"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="accepted" /><bpmn:endEvent id="expired" />
      ${flows('start>wait', 'wait>supplemented', 'wait>deadline', 'supplemented>accepted', 'deadline>expired')}`,
      `<bpmn:message id="msgSupplemented" name="materials-supplemented"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
  }

  it('event-based gateway: the message comes first and wins, the timer is withdrawn', async () => {
    // given
    const model = eventBased();
    await s.deploy(model);
    const caseNo = `C-${Date.now()}-a`;
    const id = await s.start(model.key, { caseNo });
    await s.untilActive(id, ['wait']);

    // when
    const result = await s.message('materials-supplemented', caseNo, { complete: true });

    // then
    expect(result.correlated).toEqual([id]);
    const done = await s.until(id, 'completed');
    expect(done.variables).toMatchObject({ complete: true });
    await s.advance(6 * 24 * HOUR);
    const entered = await s.historyOf(id, 'element.entered');
    expect(entered).toContain('accepted');
    expect(entered).not.toContain('expired');
  });

  it('event-based gateway: the timer fires first and wins, the message subscription is withdrawn', async () => {
    // given
    const model = eventBased();
    await s.deploy(model);
    const caseNo = `C-${Date.now()}-b`;
    const id = await s.start(model.key, { caseNo });

    await s.untilActive(id, ['wait']);

    // when the timer falls due
    await s.advance(5 * 24 * HOUR);
    await s.until(id, 'completed');

    // then
    expect(await s.historyOf(id, 'element.entered')).toContain('expired');
    const late = await s.message('materials-supplemented', caseNo, {});
    expect(late.correlated).toEqual([]);
  });
});
