import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

describe('jobs for workers', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('jobs');
  });

  it('service, send and business-rule tasks and a message throw event with a job type each create a job', () => {
    // given
    const instance = new Instance(model).start({ applicant: { idNumber: '110101199003070000', name: 'Zhang San' } });

    // then
    expect(instance.ofType('job.created')[0]).toMatchObject({
      elementId: 'verify', jobType: 'police.verify-identity', retries: 5, headers: { endpoint: '/verify' },
      variables: { idNumber: '110101199003070000', applicant: { idNumber: '110101199003070000', name: 'Zhang San' } },
    });

    // when
    instance.completeJob('verify', { result: { valid: true } });
    instance.completeJob('notify');
    instance.completeJob('score', { score: 88 });

    // then
    expect(instance.ofType('job.created').map((j) => [j.jobType, j.retries])).toEqual([
      ['police.verify-identity', 5], ['sms.notify', 2], ['rules.score', 3], ['bus.publish', 3],
    ]);
    expect(instance.vars).toMatchObject({ identityValid: true, score: 88 });
    expect(instance.vars).not.toHaveProperty('idNumber');
    expect(instance.vars).not.toHaveProperty('result');

    // when
    instance.completeJob('publish');

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('message.thrown')).toEqual([]);
  });

  it('an output mapping over a value of the wrong type gives null instead of failing', () => {
    // given
    const instance = new Instance(model).start({ applicant: { idNumber: 'x' } });

    // when
    instance.completeJob('verify', { result: 'not a context' });

    // then
    expect(instance.vars).toMatchObject({ identityValid: null });
  });

  it('a job type given as a FEEL expression is evaluated when the job is created; without a value it is an incident that resolving retries', async () => {
    // given
    const regional = await fixture('job-type-expression');

    // when
    const shanghai = new Instance(regional).start({ region: 'shanghai' });
    const unknown = new Instance(regional).start({});

    // then
    expect(shanghai.ofType('job.created')).toMatchObject([{ elementId: 'verify', jobType: 'police.shanghai', retries: 4 }]);
    expect(unknown.ofType('job.created')).toEqual([]);
    expect(unknown.ofType('incident.raised')).toMatchObject([{ elementId: 'verify', incidentType: 'FEEL_ERROR' }]);

    // when the variable is set and the incident resolved
    unknown.run({ type: 'setVariables', variables: { region: 'beijing' } });
    unknown.run({ type: 'resolveIncident', key: unknown.ofType('incident.raised')[0].key });

    // then
    expect(unknown.ofType('job.created')).toMatchObject([{ jobType: 'police.beijing' }]);
    unknown.completeJob('verify');
    expect(unknown.status).toBe('completed');
  });
});
