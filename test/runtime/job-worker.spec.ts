import { createJobWorker, createTongbanClient, JobBpmnError, unwrap, type TongbanClient } from '@tongban/client';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';

/** A process with one service task of a job type unique to the test; an error boundary catches NOT_ELIGIBLE. */
async function deployJobProcess(deploy: (xml: string) => Promise<unknown>) {
  const type = `check-${Math.random().toString(16).slice(2, 8)}`;
  const { key, xml } = processXml('worker', `
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="check"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:boundaryEvent id="refused" attachedToRef="check"><bpmn:errorEventDefinition errorRef="notEligible" /></bpmn:boundaryEvent>
    <bpmn:endEvent id="end" /><bpmn:endEvent id="refusedEnd" />
    ${flow('f1', 'start', 'check')}${flow('f2', 'check', 'end')}${flow('f3', 'refused', 'refusedEnd')}`,
  '<bpmn:error id="notEligible" errorCode="NOT_ELIGIBLE" />');
  await deploy(xml);
  return { key, type };
}

describe('job workers over REST', () => {
  const { t, api } = useTestApp();
  let integrator: TongbanClient;
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await t.app.getUrl();
    integrator = createTongbanClient({ baseUrl, apiKey: t.apiKey });
  });

  it('long-polls: an activation waiting for its type is answered as soon as a job of the type is created', async () => {
    // given a worker waiting with nothing to do
    const { key, type } = await deployJobProcess((xml) => api.deploy(xml));
    const began = performance.now();
    const waiting = integrator.POST('/api/v1/jobs/activate', { body: { type, maxJobs: 5, workerId: 'registry-1', timeout: 60_000, requestTimeout: 25_000 } });

    // when a case creates a job of its type
    const id = unwrap(await integrator.POST('/api/v1/process-instances', { body: { processKey: key } })).id;

    // then the waiting request gets it, long before its request timeout
    const { jobs } = unwrap(await waiting);
    expect(jobs.map((job) => [job.processInstanceId, job.elementId, job.worker])).toEqual([[id, 'check', 'registry-1']]);
    expect(performance.now() - began).toBeLessThan(15_000);
  });

  it('answers an empty list once the request timeout has passed, and at once without one', async () => {
    // given
    const type = `idle-${Math.random().toString(16).slice(2, 8)}`;
    const began = performance.now();

    // when
    const waited = unwrap(await integrator.POST('/api/v1/jobs/activate', { body: { type, maxJobs: 1, worker: 'idle', timeout: 1000, requestTimeout: 300 } }));

    // then
    expect(waited.jobs).toEqual([]);
    expect(performance.now() - began).toBeGreaterThanOrEqual(290);
    expect(unwrap(await integrator.POST('/api/v1/jobs/activate', { body: { type, maxJobs: 1, workerId: 'idle', timeout: 1000 } })).jobs).toEqual([]);
    const bad = await integrator.POST('/api/v1/jobs/activate', { body: { type, maxJobs: 1, timeout: 1000, requestTimeout: 600_000 } as never });
    expect(bad.response.status).toBe(400);
    const anonymous = await integrator.POST('/api/v1/jobs/activate', { body: { type, maxJobs: 1, timeout: 1000 } as never });
    expect(anonymous.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('workerId') });
  });

  it('limits a key to its job types: another type is refused with 403', async () => {
    // given a key of one department's job type
    const { type } = await deployJobProcess((xml) => api.deploy(xml));
    const created = await t.http.post('/api/v1/api-keys').set('Authorization', await api.as('admin'))
      .send({ name: `registry-${type}`, integrator: '公安局', scopes: { processes: [], jobTypes: [type], readCaseData: false, actForApplicants: false } });
    const scoped = createTongbanClient({ baseUrl, apiKey: created.body.key as string });

    // when
    const own = await scoped.POST('/api/v1/jobs/activate', { body: { type, maxJobs: 1, workerId: 'registry', timeout: 1000 } });
    const other = await scoped.POST('/api/v1/jobs/activate', { body: { type: 'tax-check', maxJobs: 1, workerId: 'registry', timeout: 1000, requestTimeout: 5000 } });

    // then
    expect(own.response.status).toBe(200);
    expect(other.response.status).toBe(403);
  });

  it('runs a department system as a job worker with only a base URL and an API key: results complete jobs, a JobBpmnError is caught by the model', async () => {
    // given
    const { key, type } = await deployJobProcess((xml) => api.deploy(xml));
    const worker = createJobWorker({
      baseUrl, apiKey: t.apiKey, type, worker: 'registry-sdk', requestTimeout: 10_000,
      handler: (job) => {
        if (job.variables.applicant === 'minor') throw new JobBpmnError('NOT_ELIGIBLE', 'applicant is under age', { reason: 'age' });
        return { registered: true };
      },
    });

    try {
      // when
      const adult = unwrap(await integrator.POST('/api/v1/process-instances', { body: { processKey: key, variables: { applicant: 'adult' } } })).id;
      const minor = unwrap(await integrator.POST('/api/v1/process-instances', { body: { processKey: key, variables: { applicant: 'minor' } } })).id;

      // then
      const done = await api.eventually(() => Promise.all([api.instance(adult), api.instance(minor)]), (both) => both.every((i) => i.state === 'completed'));
      expect(done[0].variables).toMatchObject({ registered: true });
      expect(done[1].variables).toMatchObject({ reason: 'age' });
      expect((await api.history(minor)).some((h) => h.elementId === 'refusedEnd')).toBe(true);
      expect(worker.handled).toBe(2);
    } finally {
      await worker.stop();
    }
  });
});
