import { conditionalFlow, c8, flows, Scenario, userTask } from './support/semantics';

describe('engine semantics over REST: no silent hangs', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('a parallel join that waits for a token no path can deliver is a STALLED incident naming the join, not a silent hang', async () => {
    // given: an exclusive choice feeds a parallel join (a modelling mistake Camunda would wait on forever)
    const model = c8('stalled-join', `
      <bpmn:startEvent id="start" />
      ${userTask('apply')}
      <bpmn:exclusiveGateway id="route" default="byPost" />
      ${userTask('online')}${userTask('post')}
      <bpmn:parallelGateway id="both" />
      <bpmn:endEvent id="end" />
      ${flows('start>apply', 'apply>route', 'online>both', 'post>both', 'both>end')}
      ${conditionalFlow('byWeb', 'route', 'online', '= web = true')}
      <bpmn:sequenceFlow id="byPost" sourceRef="route" targetRef="post" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.completeAt(id, 'apply', { web: true });

    // when
    await s.completeAt(id, 'online');

    // then
    const incident = await s.untilIncident(id);
    expect(incident).toMatchObject({ elementId: 'both', type: 'STALLED', state: 'open' });
    expect(incident.message).toContain('no path of the instance can still deliver');
    expect((await s.instance(id)).state).toBe('incident');

    // when: resolving changes nothing the join waits for
    await s.resolve(incident.id);

    // then: it is raised again; cancelling ends the instance
    await s.api.eventually(() => s.incidents(id), (open) => open.length === 1 && open[0].id !== incident.id);
    expect((await s.post(`/process-instances/${id}/cancel`)).status).toBeLessThan(300);
    await s.until(id, 'cancelled');
  });
});
