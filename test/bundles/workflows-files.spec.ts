import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../support/api-client';
import { fixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const ORIGINAL_NAME = 'name="A commit point before the review"';

/** Files under `workflows/processes/` against versions deployed from the designer, across restarts. */
describe('processes deployed from workflows/ files', () => {
  const saved = { ...process.env };
  let dir: string;
  let running: TestApp | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tongban-workflows-'));
    mkdirSync(join(dir, 'processes'));
    process.env.TONGBAN_WORKFLOWS_DIR = dir;
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  async function start(): Promise<{ t: TestApp; api: ApiClient }> {
    running = await startTestApp();
    return { t: running, api: new ApiClient(running) };
  }

  async function versions(t: TestApp, api: ApiClient, key: string): Promise<Array<{ version: number; name: string | null }>> {
    const list = await t.http.get(`/api/v1/process-definitions?key=${key}`).set('Authorization', await api.as('designer'));
    return (list.body.items as Array<{ version: number; name: string | null }>).sort((a, b) => a.version - b.version);
  }

  it("keeps the designer's newer version the latest across a restart, and deploys the file again once it changes", async () => {
    // given: a start deploys the file as version 1, then the designer deploys version 2
    const { key, xml } = fixture('async-continuation');
    const file = join(dir, 'processes', `${key}.bpmn`);
    writeFileSync(file, xml);
    const first = await start();
    expect((await versions(first.t, first.api, key)).map((v) => v.version)).toEqual([1]);
    const edited = await first.api.deploy(xml.replace(ORIGINAL_NAME, 'name="edited in the designer"'));
    expect(edited.processes[0].version).toBe(2);
    await running!.close();
    running = undefined;

    // when: the app starts again with the file unchanged
    const second = await start();

    // then: the designer's version is still the latest
    const afterRestart = await versions(second.t, second.api, key);
    expect(afterRestart.map((v) => v.version)).toEqual([1, 2]);
    const latest = await second.t.http.post('/api/v1/process-instances').set('X-API-Key', second.t.apiKey).send({ processKey: key });
    expect(latest.body).toMatchObject({ processKey: key, version: 2 });
    await running!.close();
    running = undefined;

    // and when the file itself changes, the next start deploys it as version 3
    writeFileSync(file, xml.replace(ORIGINAL_NAME, 'name="changed file"'));
    const third = await start();
    expect((await versions(third.t, third.api, key)).map((v) => `${v.version}:${v.name}`)).toEqual(['1:A commit point before the review', '2:edited in the designer', '3:changed file']);
  });
});
