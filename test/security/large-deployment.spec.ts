import { largeModel } from '../../bench/model-compile/large-model';
import { OFF_THREAD_BPMN_BYTES } from '@tongban/runtime';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/** The slowest answer another client may get while a multi-megabyte model is compiled. */
const LIVENESS_BOUND_MS = 1000;

describe('deploying a very large model leaves other requests answering', () => {
  const { t, api } = useTestApp();

  it('compiles a 2 MB model off the event loop while /health/live keeps answering fast', async () => {
    // given a 2 MB model (thousands of tasks) and another client polling the liveness route
    const key = uniqueKey('huge');
    const xml = largeModel(key, 2 * 1024 * 1024);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(OFF_THREAD_BPMN_BYTES);
    const designer = await api.as('designer');
    const latencies: number[] = [];
    let deploying = true;
    const started = performance.now();
    const poll = (async () => {
      while (deploying) {
        const sent = performance.now();
        const live = await t.http.get('/health/live');
        latencies.push(performance.now() - sent);
        expect(live.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    // when it is deployed
    const deployed = await t.http.post('/api/v1/deployments').set('Authorization', designer).send({ resources: [{ name: 'huge.bpmn', content: xml }] });
    const took = performance.now() - started;
    deploying = false;
    await poll;

    // then the deployment went through, and every liveness answer came within the bound
    expect(deployed.status).toBe(201);
    expect(deployed.body.processes).toEqual([expect.objectContaining({ key, version: 1 })]);
    const slowest = Math.max(...latencies);
    console.log(`deploying ${(Buffer.byteLength(xml) / 1024 / 1024).toFixed(1)} MB took ${Math.round(took)} ms; ${latencies.length} liveness answers, slowest ${Math.round(slowest)} ms, median ${Math.round(latencies.sort((a, b) => a - b)[latencies.length >> 1])} ms`);
    expect(latencies.length).toBeGreaterThan(5);
    expect(slowest).toBeLessThan(LIVENESS_BOUND_MS);
  });

  it('refuses a large invalid model from the worker thread with the element named', async () => {
    // given a large model whose last flow points at nothing
    const xml = largeModel(uniqueKey('huge-bad'), 256 * 1024).replace('targetRef="end"', 'targetRef="nowhere"');

    // when
    const refused = await t.http.post('/api/v1/deployments').set('Authorization', await api.as('designer')).send({ resources: [{ name: 'bad.bpmn', content: xml }] });

    // then
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('nowhere');
    expect(JSON.stringify(refused.body).length).toBeLessThan(8000);
  });
});
