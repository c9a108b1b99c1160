import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../apps/cli/src';
import { flow, processXml } from '../runtime/support/bpmn';
import { useTestApp } from '../support/use-test-app';

/** One CLI run against the test app, its output captured. */
interface Run {
  code: number;
  out: string[];
  err: string[];
}

describe('the tongban CLI against a running server', () => {
  const { t, api } = useTestApp();
  let url: string;

  beforeAll(async () => {
    url = await t.app.getUrl();
  });

  async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const run: Run = { code: -1, out: [], err: [] };
    run.code = await runCli(args, env, { out: (line) => run.out.push(line), err: (line) => run.err.push(line) });
    return run;
  }

  const asDesigner = (): Record<string, string> => ({ TONGBAN_URL: url, TONGBAN_USERNAME: 'designer', TONGBAN_PASSWORD: 'designer' });

  it('deploys the shipped workflows folder with a progress line per step and a summary', async () => {
    // when
    const run = await cli(['deploy', resolve(__dirname, '../../workflows')], asDesigner());

    // then
    expect(run.err.filter((line) => line.includes('FAILED'))).toEqual([]);
    expect(run.code).toBe(0);
    const total = run.err.length;
    expect(run.err[0]).toMatch(new RegExp(`^\\[ *1/${total}\\] catalog fields `));
    expect(run.err).toEqual(expect.arrayContaining([
      expect.stringMatching(/\] decisions\/food-licence-renewal\.dmn: deployed /),
      expect.stringMatching(/\] processes\/three-department-approval\.bpmn: deployed three-department-approval v\d+/),
      expect.stringMatching(/\] bundle open-restaurant: (added|updated) and deployed/),
    ]));
    expect(run.out).toEqual([expect.stringMatching(new RegExp(`^deployed \\d+, unchanged \\d+, failed 0 \\(${total} in all\\)$`))]);
  });

  it('deploys single files, exports the latest version, lists and cancels instances', async () => {
    // given a process file
    const dir = mkdtempSync(join(tmpdir(), 'tongban-cli-'));
    const { key, xml } = processXml('cli', `<bpmn:startEvent id="start" /><bpmn:userTask id="review" tongban:department="health" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`);
    const file = join(dir, `${key}.bpmn`);
    writeFileSync(file, xml);

    try {
      // when
      const deployed = await cli(['deploy', file], asDesigner());
      const exported = await cli(['export', key, '--out', join(dir, 'out.bpmn')], asDesigner());
      const id = (await api.startWithKey(key)).body.id as string;
      const listed = await cli(['instances', 'list', '--process', key, '--url', url, '--api-key', t.apiKey]);
      const cancelled = await cli(['instances', 'cancel', id], { TONGBAN_URL: url, TONGBAN_API_KEY: t.apiKey });
      const again = await cli(['instances', 'cancel', id], { TONGBAN_URL: url, TONGBAN_API_KEY: t.apiKey });

      // then
      expect(deployed.code).toBe(0);
      expect(deployed.err).toEqual([`[1/1] ${key}.bpmn: deployed ${key} v1`]);
      expect(exported.code).toBe(0);
      expect(readFileSync(join(dir, 'out.bpmn'), 'utf8')).toBe(xml);
      expect(listed.out).toEqual([expect.stringMatching(new RegExp(`^${id}\\t${key} v1\\tactive\\t`))]);
      expect(cancelled.out).toEqual([`${id}\tcancelled`]);
      expect(again.code).toBe(1);
      expect(again.err[0]).toContain('409 INSTANCE_NOT_ACTIVE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a bundle\'s savings report', async () => {
    // when
    const run = await cli(['bundles', 'savings', 'open-restaurant', '--json'], { TONGBAN_URL: url, TONGBAN_API_KEY: t.apiKey, TONGBAN_TOKEN: await t.token('designer') });

    // then
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out.join('\n'))).toMatchObject({ departments: 3, visitsBundle: 1, visitsSeparately: 3 });
  });

  it('refuses usage mistakes with exit code 2 and the usage, and an unknown process with its name', async () => {
    expect((await cli(['deploy', 'workflows'])).code).toBe(2);
    expect((await cli(['frobnicate'], asDesigner())).err[0]).toMatch(/^tongban: unknown command frobnicate\n\nusage: tongban/);
    expect((await cli(['instances', 'list', '--limit', 'many'], asDesigner())).code).toBe(2);
    const missing = await cli(['export', 'no-such-process'], asDesigner());
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^tongban: no deployed process no-such-process\n/);
  });
});
