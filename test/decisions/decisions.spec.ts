import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const fixtures = resolve(__dirname, '../../libs/engine/test/fixtures');

/** The licence decisions fixture with its decision ids made unique for this run. */
function decisionsXml(suffix: string): string {
  return readFileSync(resolve(fixtures, 'licence-decisions.dmn'), 'utf8')
    .replace(/id="(approval|fee|checks|overlapping)"/g, `id="$1${suffix}"`);
}

function renewalXml(key: string, decisionId: string): string {
  return readFileSync(resolve(fixtures, 'business-rule-c8.bpmn'), 'utf8')
    .replace('id="renewal"', `id="${key}"`)
    .replace('id="overlap"', `id="${key}-overlap"`)
    .replace('decisionId="approval"', `decisionId="${decisionId}"`);
}

describe('DMN decisions over REST', () => {
  const { t, api } = useTestApp();
  const deploy = async (resources: { name: string; content: string }[]) =>
    t.http.post('/api/v1/deployments').set('Authorization', await api.as('designer')).send({ name: 'decisions', resources });

  it('deploys a .dmn with a BPMN, versions it by decision id, and the process decides by it', async () => {
    // given
    const suffix = uniqueKey('').replace(/[^A-Za-z0-9]/g, '');
    const key = uniqueKey('renewal');
    // when
    const deployed = await deploy([{ name: 'licence.dmn', content: decisionsXml(suffix) }, { name: 'renewal.bpmn', content: renewalXml(key, `approval${suffix}`) }]);
    const again = await deploy([{ name: 'licence.dmn', content: decisionsXml(suffix).replace('Renewal approval', 'Renewal approval v2') }]);
    const started = await api.startWithKey(key, { certificateValid: true, violations: 0 });
    // then
    expect(deployed.status).toBe(201);
    expect(deployed.body.decisions).toEqual(expect.arrayContaining([{ id: expect.any(String), key: `approval${suffix}`, version: 1, name: 'Renewal approval' }]));
    expect(again.body.decisions).toEqual(expect.arrayContaining([expect.objectContaining({ key: `approval${suffix}`, version: 2 })]));
    expect(started.status).toBe(201);
    const instance = await api.eventually(() => api.instance(started.body.id), (i) => i.state === 'completed');
    expect(instance.state).toBe('completed');
    const evidence = (await api.history(started.body.id)).find((h) => h.type === 'decision.evaluated');
    expect(evidence?.actor).toBe('system:decision');
    expect(evidence?.data).toMatchObject({ decisionId: `approval${suffix}`, version: 2, inputs: { 'Certificate valid': true, Violations: 0 }, matchedRules: ['approveClean'] });
  });

  it('evaluates a deployed decision, lists it, and fails with 422 naming the rules when UNIQUE matches twice', async () => {
    // given
    const suffix = uniqueKey('').replace(/[^A-Za-z0-9]/g, '');
    await deploy([{ name: 'licence.dmn', content: decisionsXml(suffix) }]);
    const designer = await api.as('designer');
    // when
    const approved = await t.http.post(`/api/v1/decisions/fee${suffix}/evaluate`).set('Authorization', designer).send({ variables: { violations: 3 } });
    const clash = await t.http.post(`/api/v1/decisions/overlapping${suffix}/evaluate`).set('Authorization', designer).send({ variables: { violations: 1 } });
    const missing = await t.http.post(`/api/v1/decisions/none${suffix}/evaluate`).set('Authorization', designer).send({ variables: {} });
    const listed = await t.http.get(`/api/v1/decisions/fee${suffix}`).set('Authorization', await api.as('supervisor'));
    const byClerk = await t.http.post(`/api/v1/decisions/fee${suffix}/evaluate`).set('Authorization', await api.as('clerk.market-regulation')).send({ variables: {} });
    // then
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ decisionId: `fee${suffix}`, version: 1, value: 150, matchedRules: [{ ruleId: 'feeSome', outputs: { fee: 150 } }] });
    expect(clash.status).toBe(422);
    expect(clash.body).toMatchObject({ code: 'DECISION_EVALUATION_FAILED', details: { decisionId: `overlapping${suffix}`, matchedRules: ['low', 'any'] } });
    expect(missing.status).toBe(404);
    expect(listed.status).toBe(200);
    expect(listed.body.versions).toEqual([expect.objectContaining({ key: `fee${suffix}`, version: 1 })]);
    expect(byClerk.status).toBe(403);
  });

  it('refuses a .dmn with a cell that is not FEEL with 400 naming the cell, and writes nothing', async () => {
    // given
    const suffix = uniqueKey('').replace(/[^A-Za-z0-9]/g, '');
    const broken = decisionsXml(suffix).replace('<text>&gt; 0</text></inputEntry><outputEntry id="f4">', '<text>&gt; &gt;</text></inputEntry><outputEntry id="f4">');
    // when
    const refused = await deploy([{ name: 'licence.dmn', content: broken }]);
    const listed = await t.http.get(`/api/v1/decisions/fee${suffix}`).set('Authorization', await api.as('designer'));
    // then
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'DMN_INVALID', details: { resource: 'licence.dmn', problems: [{ elementId: 'f3', message: expect.stringMatching(/input entry of rule feeSome/) }] } });
    expect(listed.status).toBe(404);
  });
});
