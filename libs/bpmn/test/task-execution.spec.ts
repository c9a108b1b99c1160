import { compileBpmn, ProcessModel } from '@tongban/bpmn';
import { fixture } from './bpmn-xml.fixture';

describe('compileBpmn: jobs, scripts and mappings', () => {
  describe('Camunda 8', () => {
    let model: ProcessModel;

    beforeAll(async () => {
      // given service, send, script, business-rule and receive tasks
      // when
      model = (await compileBpmn(fixture('task-execution.bpmn'))).processes[0];
    });

    it('takes the job type and retries from zeebe:taskDefinition, else tongban:taskType', () => {
      // then
      expect(model.elements.verifyIdentity).toMatchObject({ jobType: 'police.verify-identity', jobRetries: 5 });
      expect(model.elements.notify).toMatchObject({ jobType: 'sms.notify', jobRetries: 2 });
    });

    it('hands zeebe:taskHeaders to the job and names the form of a user task', () => {
      // then
      expect(model.elements.verifyIdentity.jobHeaders).toEqual({ registry: 'national' });
      expect(model.elements.fillIn.formKey).toBe('newborn-application');
    });

    it('compiles io mappings as FEEL, static values as FEEL strings', () => {
      // then
      expect(model.elements.verifyIdentity.inputs).toEqual([
        { source: 'applicant.idNumber', target: 'idNumber' },
        { source: '"police"', target: 'department' },
      ]);
      expect(model.elements.verifyIdentity.outputs).toEqual([{ source: 'result.valid', target: 'identityValid' }]);
    });

    it('keeps the default flow of an activity', () => {
      // then
      expect(model.elements.verifyIdentity).toMatchObject({ defaultFlow: 'fOk', outgoing: ['fOk', 'fRetry'] });
      expect(model.flows.fRetry.condition).toBe('identityValid = false');
    });

    it('compiles zeebe:script and FEEL bpmn:script on script and business-rule tasks', () => {
      // then
      expect(model.elements.computeFee.script).toEqual({ expression: 'area * 2.5', resultVariable: 'fee' });
      expect(model.elements.feelScript.script).toEqual({ expression: 'count(materials)' });
      expect(model.elements.grade.script).toEqual({ expression: 'if score > 80 then "A" else "B"', resultVariable: 'grade' });
    });

    it('gives a receive task the message it waits for', () => {
      // then
      expect(model.elements.awaitPayment.event).toEqual({ kind: 'message', messageName: 'fee-paid', correlationKey: 'applicationId' });
    });
  });

  describe('Camunda 7', () => {
    it('compiles external tasks, async continuations, input/output parameters and FEEL scripts', async () => {
      // when
      const model = (await compileBpmn(fixture('task-execution-camunda.bpmn'))).processes[0];

      // then
      expect(model.elements.archive).toMatchObject({
        jobType: 'archive',
        asyncBefore: true,
        asyncAfter: true,
        inputs: [
          { source: '"cases"', target: 'folder' },
          { source: 'application.number', target: 'caseNo' },
        ],
        outputs: [{ source: 'now', target: 'archivedAt' }],
      });
      expect(model.elements.sum.script).toEqual({ expression: 'a + b', resultVariable: 'total' });
      expect(model.elements.approve.formKey).toBe('embedded:app:forms/approve.html');
      expect(model.elements.done.asyncAfter).toBe(true);
    });
  });
});
