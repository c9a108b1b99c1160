import { fixture } from './support/fixtures';
import { uniqueKey } from './support/test-app';
import { useTestApp } from './support/use-test-app';

const BPMN_NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

function processXml(key: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${BPMN_NS} id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

describe('deployments', () => {
  const { t } = useTestApp();
  let designer: string;

  beforeAll(async () => {
    designer = `Bearer ${await t.token('designer')}`;
  });

  function deploy(resources: { name: string; content: string }[]) {
    return t.http.post('/api/v1/deployments').set('Authorization', designer).send({ name: 'spec', resources });
  }

  it('versions a process per key and returns the existing version for identical content', async () => {
    // given
    const { key, xml } = fixture('three-department-approval');

    // when
    const first = await deploy([{ name: 'approval.bpmn', content: xml }]);
    const again = await deploy([{ name: 'approval.bpmn', content: xml }]);
    const changed = await deploy([{ name: 'approval.bpmn', content: xml.replace('Results issued together', 'Results issued') }]);

    // then
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), name: 'spec', processes: [{ id: expect.any(String), key, version: 1, name: expect.any(String) }], decisions: [], resources: [], warnings: [], lint: expect.any(Array) });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.processes).toEqual(first.body.processes);
    expect(changed.body.processes[0]).toMatchObject({ key, version: 2 });
    expect(changed.body.processes[0].id).not.toBe(first.body.processes[0].id);
  });

  it('lists definitions by key and shows one with its XML', async () => {
    const { key, xml } = fixture('three-department-approval');
    const deployed = await deploy([{ name: 'approval.bpmn', content: xml }]);
    await deploy([{ name: 'approval.bpmn', content: `${xml}\n` }]);

    const list = await t.http.get(`/api/v1/process-definitions?key=${key}`).set('Authorization', designer);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((d: { version: number }) => d.version)).toEqual([2, 1]);

    const one = await t.http.get(`/api/v1/process-definitions/${deployed.body.processes[0].id}`).set('Authorization', designer);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ key, version: 1, xml });
  });

  it('accepts a multipart file upload', async () => {
    const { key, xml } = fixture('three-department-approval');
    const response = await t.http
      .post('/api/v1/deployments')
      .set('Authorization', designer)
      .field('name', 'uploaded')
      .attach('file', Buffer.from(xml, 'utf8'), { filename: 'approval.bpmn', contentType: 'application/xml' });
    expect(response.status).toBe(201);
    expect(response.body.processes[0]).toMatchObject({ key, version: 1 });
  });

  it('deploys concurrently without version clashes', async () => {
    const { key, xml } = fixture('three-department-approval');
    const responses = await Promise.all([0, 1, 2, 3].map((i) => deploy([{ name: 'a.bpmn', content: `${xml}${' '.repeat(i)}` }])));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(responses.map((r) => r.body.processes[0].version).sort()).toEqual([1, 2, 3, 4]);
    expect(responses.every((r) => r.body.processes[0].key === key)).toBe(true);
  });

  describe('refuses with 400 and names the element', () => {
    const key = uniqueKey('refused');
    const cases: [string, string, string, string][] = [
      ['not XML', 'this is not xml', 'BPMN_NOT_XML', ''],
      ['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><bpmn:definitions ${BPMN_NS}/>`, 'BPMN_DOCTYPE', ''],
      ['a process without start event', processXml(key, '<bpmn:userTask id="lonelyTask" />'), 'BPMN_NO_START_EVENT', key],
      [
        'a dangling targetRef',
        processXml(key, '<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="danglingFlow" sourceRef="start" targetRef="nowhere" />'),
        '',
        'danglingFlow',
      ],
      ['duplicate ids', processXml(key, '<bpmn:startEvent id="twice" /><bpmn:endEvent id="twice" />'), 'BPMN_DUPLICATE_ID', 'twice'],
      [
        'an unparsable FEEL condition',
        processXml(
          key,
          `<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" /><bpmn:endEvent id="end" />
           <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
           <bpmn:sequenceFlow id="brokenCondition" sourceRef="gw" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= (amount &gt; 3</bpmn:conditionExpression></bpmn:sequenceFlow>`,
        ),
        'BPMN_INVALID_EXPRESSION',
        'brokenCondition',
      ],
      ['an unknown element', processXml(key, '<bpmn:startEvent id="start" /><bpmn:madeUpThing id="weird" />'), 'BPMN_PARSE_WARNING', 'weird'],
    ];

    it.each(cases)('%s', async (_title, content, code, elementId) => {
      // when
      const response = await deploy([{ name: 'bad.bpmn', content }]);

      // then
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: expect.stringMatching(/^BPMN_/), message: expect.any(String) });
      if (code) expect(response.body.code).toBe(code);
      expect(response.body.details.problems.length).toBeGreaterThan(0);
      if (elementId) expect(response.body.details.problems.map((p: { elementId?: string }) => p.elementId)).toContain(elementId);
      if (elementId) expect(response.body.message).toContain(elementId);
    });

    it('a document over 10 MB', async () => {
      const { xml } = fixture('three-department-approval');
      const big = xml.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(10 * 1024 * 1024)} --></bpmn:definitions>`);
      const response = await deploy([{ name: 'big.bpmn', content: big }]);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('BPMN_TOO_LARGE');
    });

    it('a request body over the 12 MB limit with 413', async () => {
      const response = await deploy([{ name: 'huge.bpmn', content: 'x'.repeat(13 * 1024 * 1024) }]);
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('a refused deployment writes nothing', async () => {
      const list = await t.http.get(`/api/v1/process-definitions?key=${key}`).set('Authorization', designer);
      expect(list.body.total).toBe(0);
    });

    it('an empty deployment', async () => {
      const response = await t.http.post('/api/v1/deployments').set('Authorization', designer).send({ resources: [] });
      expect(response.status).toBe(400);
      const none = await t.http.post('/api/v1/deployments').set('Authorization', designer).send({});
      expect(none.status).toBe(400);
    });
  });
});
