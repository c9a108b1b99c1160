import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { inRoot } from '../support/root-scope';
import { shippedItem, useCatalogDir } from './catalog-dir';

/** A newer release's catalogue reaches a database seeded by an older one, except where a designer changed it. */
describe('seeding the catalogue of a newer release', () => {
  const { writeItems, writeBundle } = useCatalogDir();
  let running: TestApp | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(): Promise<{ t: TestApp; api: ApiClient }> {
    running = await startTestApp();
    return { t: running, api: new ApiClient(running) };
  }

  it('gives seeded items and an untouched shipped bundle the new content, and keeps what a designer changed', async () => {
    // given: an older release ships two items without holder rules and a bundle of the first
    const s = randomBytes(3).toString('hex');
    const base = shippedItem('YB-CB-007') as Record<string, unknown> & { holder: unknown };
    const { holder: _holder, ...older } = base;
    const [first, second] = [`T1-${s}`, `T2-${s}`];
    writeItems([{ ...older, code: first }, { ...older, code: second }]);
    writeBundle({ code: `t-${s}`, name: '升级测试', items: [first] });
    const old = await start();
    expect((await old.t.http.get(`/api/v1/bundles/t-${s}`).set('X-API-Key', old.t.apiKey)).body).toMatchObject({ version: 1, deployed: { version: 1 } });
    const designerVersion = { ...older, code: second, promisedDays: 1 };
    expect((await old.t.http.put(`/api/v1/catalog/items/${second}`).set('Authorization', await old.api.as('designer')).send(designerVersion)).status).toBe(200);
    await running!.close();
    running = undefined;

    // when: the newer release names the baby as holder of both items
    writeItems([{ ...older, code: first, holder: base.holder }, { ...older, code: second, holder: base.holder }]);
    const { t } = await start();

    // then: the seeded item has the rule, the designer's item is kept, the bundle is composed and deployed again
    const item = (await t.http.get(`/api/v1/catalog/items/${first}`).set('X-API-Key', t.apiKey)).body;
    expect(item).toMatchObject({ version: 2, holder: { nameField: 'baby.name', idField: 'baby.idNumber', idType: '111' } });
    const kept = (await t.http.get(`/api/v1/catalog/items/${second}`).set('X-API-Key', t.apiKey)).body;
    expect(kept).toMatchObject({ version: 2, promisedDays: 1 });
    expect(kept.holder).toBeUndefined();
    expect((await t.http.get(`/api/v1/bundles/t-${s}`).set('X-API-Key', t.apiKey)).body).toMatchObject({ version: 2, bpmnEdited: false, deployed: { version: 1 } });
    const [deployed] = await inRoot(t.app).get(DataSource).query(`SELECT deployed_artifacts -> 'itemDefinitions' -> 0 -> 'holder' AS holder FROM bundle WHERE code = $1`, [`t-${s}`]);
    expect(deployed.holder).toEqual(base.holder);
  });
});
