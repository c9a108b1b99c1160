import { flow, processXml } from '../runtime/support/bpmn';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const MAX_CARDINALITY = 3;
const MAX_CALL_DEPTH = 4;

interface Incident { id: string; type: string; processInstanceId: string; message: string }

describe('limits of what one model can ask for', () => {
  const { t, api } = useTestApp(() => {
    Object.assign(process.env, { TONGBAN_MAX_CARDINALITY: String(MAX_CARDINALITY), TONGBAN_MAX_CALL_DEPTH: String(MAX_CALL_DEPTH) });
    return startTestApp();
  });

  afterAll(() => {
    delete process.env.TONGBAN_MAX_CARDINALITY;
    delete process.env.TONGBAN_MAX_CALL_DEPTH;
  });

  const deploy = async (xml: string) => t.http.post('/api/v1/deployments').set('Authorization', await api.as('designer')).send({ resources: [{ name: 'model.bpmn', content: xml }] });
  const incidentsOf = async (instanceIds: string[]) => {
    const response = await t.http.get('/api/v1/incidents?state=open&limit=100').set('Authorization', await api.as('supervisor'));
    return (response.body.items as Incident[]).filter((incident) => instanceIds.includes(incident.processInstanceId));
  };

  it('refuses at deploy a call activity that calls its own process, naming it', async () => {
    // given
    const { key, xml } = processXml('self-call', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="again"><bpmn:extensionElements><zeebe:calledElement processId="PLACEHOLDER" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'again')}${flow('f2', 'again', 'end')}`);

    // when
    const response = await deploy(xml.replace('PLACEHOLDER', key));

    // then
    expect(response.status).toBe(400);
    expect(response.body.details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'again', message: expect.stringContaining('calls its own process') })]));
  });

  it('refuses at deploy an expression over 8 KiB, naming the element and without echoing it', async () => {
    // given
    const huge = `=${Array.from({ length: 3000 }, (_, i) => `x${i}`).join(' + ')} > 0`;
    const { xml } = processXml('huge-feel', `
      <bpmn:startEvent id="start" />
      <bpmn:exclusiveGateway id="split" default="f3" />
      <bpmn:endEvent id="yes" /><bpmn:endEvent id="no" />
      ${flow('f1', 'start', 'split')}
      <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="yes"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${huge}</bpmn:conditionExpression></bpmn:sequenceFlow>
      ${flow('f3', 'split', 'no')}`);

    // when
    const response = await deploy(xml);

    // then
    expect(response.status).toBe(400);
    expect(response.body.details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'f2', code: 'BPMN_INVALID_EXPRESSION' })]));
    expect(JSON.stringify(response.body).length).toBeLessThan(4000);
  });

  it('raises an incident instead of starting more inner instances than the cardinality limit', async () => {
    // given
    const { key, xml } = processXml('wide', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign" tongban:department="health">
        <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>=n</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'sign')}${flow('f2', 'sign', 'end')}`);
    await api.deploy(xml);

    // when
    const within = await api.startWithKey(key, { n: MAX_CARDINALITY });
    const over = await api.startWithKey(key, { n: 1_000_000 });

    // then
    expect((await api.tasks(within.body.id)).length).toBe(MAX_CARDINALITY);
    expect(await api.tasks(over.body.id)).toEqual([]);
    expect(await incidentsOf([over.body.id])).toEqual([expect.objectContaining({ type: 'CARDINALITY_EXCEEDED', message: expect.stringContaining('1000000') })]);
  });

  it('stops a recursion through two processes at the call depth limit with an incident', async () => {
    // given: ping calls pong, pong calls ping
    const ping = processXml('ping', 'BODY');
    const pong = processXml('pong', 'BODY');
    const body = (callee: string) => `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${callee}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'call')}${flow('f2', 'call', 'end')}`;
    await api.deploy(ping.xml.replace('BODY', body(pong.key)));
    await api.deploy(pong.xml.replace('BODY', body(ping.key)));

    // when
    const root = await api.startWithKey(ping.key);

    // then the chain stops at the limit: the deepest instance's call activity holds the incident
    const chain = async () => {
      const ids: string[] = [root.body.id];
      for (let depth = 1; depth < MAX_CALL_DEPTH + 2; depth++) {
        const children = await t.http.get(`/api/v1/process-instances?parentId=${ids[ids.length - 1]}`).set('Authorization', await api.as('supervisor'));
        if (children.body.items.length === 0) break;
        ids.push(children.body.items[0].id);
      }
      return ids;
    };
    const ids = await api.eventually(chain, (found) => found.length === MAX_CALL_DEPTH, 30_000);
    const incidents = await api.eventually(() => incidentsOf(ids), (found) => found.length > 0, 30_000);
    expect(incidents).toEqual([expect.objectContaining({ type: 'CALL_DEPTH_EXCEEDED', processInstanceId: ids[MAX_CALL_DEPTH - 1] })]);
    expect(await chain()).toHaveLength(MAX_CALL_DEPTH);
  });
});
