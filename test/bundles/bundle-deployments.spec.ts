import { randomBytes } from 'node:crypto';
import { BundleService } from '@tongban/catalog';
import { NotFoundError, regionContext, ROOT_REGION } from '@tongban/runtime';
import { useTestApp } from '../support/use-test-app';

/** A bundle follows what is deployed for its process key, whichever route deployed it. */
describe('a bundle and the deployments of its process', () => {
  const { t, api } = useTestApp();

  async function newBundle() {
    const designer = await api.as('designer');
    const code = `cards-${randomBytes(3).toString('hex')}`;
    const created = await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: '卡证', items: ['YB-CB-007', 'RS-SBK-002'] });
    expect(created.status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).status).toBe(201);
    return { code, designer, xml: created.body.bpmnXml as string };
  }

  function deployments(designer: string, name: string, content: string) {
    return t.http.post('/api/v1/deployments').set('Authorization', designer).send({ resources: [{ name, content }] });
  }

  it("takes the BPMN, departments and savings of a version the designer deploys through POST /deployments", async () => {
    // given: insurance (2 days) ‖ social security card (5 days)
    const { code, designer, xml } = await newBundle();
    const before = (await t.http.get(`/api/v1/bundles/${code}`).set('X-API-Key', t.apiKey)).body;
    expect(before).toMatchObject({ departments: ['human-resources', 'medical-insurance'], savings: { departments: 2, daysBundle: 5 }, deployed: { version: 1 } });

    // when: the card step moves to public security and takes 8 days, deployed as a plain deployment
    const edited = xml
      .replace('tongban:department="human-resources" tongban:item="RS-SBK-002"', 'tongban:department="public-security" tongban:item="RS-SBK-002"')
      .replace('tongban:timeLimitDays="5"', 'tongban:timeLimitDays="8"');
    const response = await deployments(designer, `${code}.bpmn`, edited);

    // then
    expect(response.status).toBe(201);
    expect(response.body.processes).toEqual([expect.objectContaining({ key: `bundle-${code}`, version: 2 })]);
    const after = (await t.http.get(`/api/v1/bundles/${code}`).set('X-API-Key', t.apiKey)).body;
    expect(after).toMatchObject({
      bpmnXml: edited, bpmnEdited: true, version: before.version + 1,
      departments: ['medical-insurance', 'public-security'], savings: { departments: 2, daysBundle: 8 },
      deployed: { definitionId: response.body.processes[0].id, version: 2 },
    });
    expect((await t.http.get(`/api/v1/bundles/${code}/savings`).set('X-API-Key', t.apiKey)).body).toMatchObject({ daysBundle: 8 });
  });

  it("refuses a deployment of the bundle's process that drops one of its items, naming it, and deploys nothing", async () => {
    // given
    const { code, designer, xml } = await newBundle();

    // when: the insurance approval no longer names its item
    const response = await deployments(designer, `${code}.bpmn`, xml.replace('tongban:item="YB-CB-007" tongban:fields', 'tongban:fields'));

    // then
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'BUNDLE_BPMN_INVALID', details: { bundle: code, problems: [expect.objectContaining({ item: 'YB-CB-007' })] } });
    const versions = await t.http.get(`/api/v1/process-definitions?key=bundle-${code}`).set('Authorization', designer);
    expect(versions.body.total).toBe(1);
    expect((await t.http.get(`/api/v1/bundles/${code}`).set('X-API-Key', t.apiKey)).body).toMatchObject({ bpmnXml: xml, deployed: { version: 1 } });
  });

  it('deploys several bundles in one transaction: one that cannot be deployed leaves all undeployed', async () => {
    // given: two composed bundles, not deployed
    const designer = await api.as('designer');
    const codes = [`first-${randomBytes(3).toString('hex')}`, `second-${randomBytes(3).toString('hex')}`];
    for (const code of codes) {
      expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: '卡证', items: ['YB-CB-007', 'RS-SBK-002'] })).status).toBe(201);
    }
    const service = t.app.get(BundleService);

    // when: the second batch names a bundle that does not exist after the first one
    await expect(regionContext.runAsSystem(() => service.deployMany([codes[0], 'no-such-bundle'], 'system'), ROOT_REGION)).rejects.toBeInstanceOf(NotFoundError);
    const undeployed = await t.http.get(`/api/v1/process-definitions?key=bundle-${codes[0]}`).set('Authorization', designer);
    const first = (await t.http.get(`/api/v1/bundles/${codes[0]}`).set('X-API-Key', t.apiKey)).body;
    const deployed = await regionContext.runAsSystem(() => service.deployMany(codes, 'system'), ROOT_REGION);

    // then: the refused batch deployed nothing; the other deployed both, each as its own deployment
    expect(undeployed.body.total).toBe(0);
    expect(first.deployed).toBeNull();
    expect(deployed).toEqual(codes.map((code) => expect.objectContaining({ code, processKey: `bundle-${code}`, version: 1 })));
    for (const [i, code] of codes.entries()) {
      const versions = await t.http.get(`/api/v1/process-definitions?key=bundle-${code}`).set('Authorization', designer);
      expect(versions.body.total).toBe(1);
      expect((await t.http.get(`/api/v1/bundles/${code}`).set('X-API-Key', t.apiKey)).body).toMatchObject({ deployed: { definitionId: deployed[i].definitionId, version: 1 }, bpmnEdited: false });
    }
  });
});
