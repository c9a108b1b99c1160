import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { useTestApp } from '../support/use-test-app';

/**
 * The BPMN MIWG reference models (BPMN MIWG test suite, OMG BPMN Model Interchange Working Group,
 * CC BY 3.0) through the deploy path of the REST API: every model is read; descriptive ones deploy
 * as resources, executable ones deploy and run to their wait states or are refused naming elements.
 * The corpus lives outside the repository: `TONGBAN_CONFORMANCE_DIR` names its folder (the one holding
 * `miwg/Reference`); without it the suite is skipped.
 */
const corpusDir = process.env.TONGBAN_CONFORMANCE_DIR;
const referenceDir = corpusDir ? resolve(corpusDir, 'miwg/Reference') : '';
const files = corpusDir ? readdirSync(referenceDir).filter((name) => name.endsWith('.bpmn')).sort() : [];
const describeWithCorpus = corpusDir ? describe : describe.skip;

const EXPECTED_REFUSALS: Record<string, string[]> = {
  'C.1.0.bpmn': ['archiveInvoice'],
  'C.1.1.bpmn': ['archiveInvoice', 'invoiceApproved'],
  'C.3.0.bpmn': ['_c73a5f4a-72f1-4e11-bb40-2f98da75fb9a'],
};

describeWithCorpus('MIWG reference models through POST /api/v1/deployments (corpus in TONGBAN_CONFORMANCE_DIR)', () => {
  const { t, api } = useTestApp();

  it('finds all 21 reference models', () => {
    expect(files).toHaveLength(21);
  });

  it('keeps a descriptive model as a resource and returns the same deployment for the same bytes', async () => {
    // given
    const content = readFileSync(resolve(referenceDir, 'A.1.0.bpmn'), 'utf8');
    const designer = await api.as('designer');

    // when
    const first = await t.http.post('/api/v1/deployments').set('Authorization', designer).send({ resources: [{ name: 'A.1.0.bpmn', content }] });
    const again = await t.http.post('/api/v1/deployments').set('Authorization', designer).send({ resources: [{ name: 'A.1.0.bpmn', content }] });

    // then
    expect(first.status).toBe(201);
    expect(first.body.processes).toEqual([]);
    expect(again.body.id).toBe(first.body.id);
  });

  it.each(files)('%s deploys and runs to its wait states, or is refused naming the elements', async (file) => {
    // given
    const content = readFileSync(resolve(referenceDir, file), 'latin1').includes('encoding="ISO-8859-1"')
      ? readFileSync(resolve(referenceDir, file), 'latin1')
      : readFileSync(resolve(referenceDir, file), 'utf8');
    const designer = await api.as('designer');

    // when
    const deployed = await t.http.post('/api/v1/deployments').set('Authorization', designer).send({ name: file, resources: [{ name: file, content }] });

    // then
    const refused = EXPECTED_REFUSALS[file];
    if (refused) {
      expect(deployed.status).toBe(400);
      const named = (deployed.body.details.problems as { elementId?: string }[]).map((problem) => problem.elementId);
      expect(named).toEqual(expect.arrayContaining(refused));
      return;
    }
    expect(deployed.status).toBe(201);
    if (deployed.body.processes.length === 0) {
      expect(deployed.body.resources).toEqual([expect.objectContaining({ name: file, notes: expect.arrayContaining([expect.stringMatching(/executable/)]) })]);
    }
    for (const process of deployed.body.processes as { key: string }[]) {
      const started = await api.startWithKey(process.key, {});
      expect(started.status).toBe(201);
      const instance = await api.eventually(() => api.instance(started.body.id), (i) => i.activeElementIds.length > 0);
      expect(instance.state).toBe('active');
    }
  });
});
