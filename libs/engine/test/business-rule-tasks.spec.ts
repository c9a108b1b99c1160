import { readFileSync } from 'fs';
import { join } from 'path';
import { parseDmn, type DecisionSet } from '@tongban/dmn';
import { sandboxedDmnFeel, type DeployedDecision } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

let decisions: DecisionSet;
beforeAll(async () => {
  decisions = await parseDmn(readFileSync(join(__dirname, 'fixtures', 'licence-decisions.dmn'), 'utf8'));
});

/** The decision lookup the runtime gives the engine: every decision of the fixture at version 3. */
const deployed = (decisionId: string): DeployedDecision | undefined =>
  decisions.decisions.some((d) => d.id === decisionId) ? { set: decisions, version: 3 } : undefined;

async function started(file: string, processId: string, variables: Record<string, unknown>): Promise<Instance> {
  const instance = new Instance(await fixture(file, processId));
  instance.ctxExtra = { decisions: deployed };
  return instance.start(variables);
}

describe('business rule tasks, Camunda 8 (zeebe:calledDecision)', () => {
  it('stores the decision result in resultVariable and records the evidence', async () => {
    // given a clean licence holder
    // when
    const instance = await started('business-rule-c8', 'renewal', { certificateValid: true, violations: 0 });
    // then
    expect(instance.status).toBe('completed');
    expect(instance.vars.approval).toEqual({ approved: true, reasons: ['valid certificate, no violations'] });
    const evidence = instance.ofType('history').find((h) => h.event === 'decision.evaluated');
    expect(evidence?.data).toEqual({
      decisionId: 'approval', version: 3, inputs: { 'Certificate valid': true, Violations: 0 },
      matchedRules: ['approveClean'], outputs: { approved: true, reasons: ['valid certificate, no violations'] }, required: [],
    });
  });

  it('goes to the clerk when the decision does not approve', async () => {
    // given a holder with violations
    // when
    const instance = await started('business-rule-c8', 'renewal', { certificateValid: true, violations: 2 });
    // then
    expect(instance.openTasks()).toEqual(['clerk']);
    expect(instance.vars.approval).toEqual({ approved: false, reasons: ['violations on record'] });
  });

  it('raises an incident naming the decision and rules when UNIQUE matches twice', async () => {
    // given
    // when
    const instance = await started('business-rule-c8', 'overlap', { violations: 1 });
    // then
    expect(instance.incidents()).toEqual(['decide2:DECISION_EVALUATION_FAILED']);
    expect(instance.ofType('incident.raised')[0].message).toMatch(/decision 'overlapping' has hit policy UNIQUE but rules low, any all matched/);
  });

  it('raises an incident for a decision not deployed, and evaluates it once deployed and resolved', async () => {
    // given no decision deployed
    const instance = new Instance(await fixture('business-rule-c8', 'renewal'));
    instance.ctxExtra = { decisions: () => undefined };
    instance.start({ certificateValid: true, violations: 0 });
    expect(instance.incidents()).toEqual(['decide:DECISION_NOT_FOUND']);
    // when the decision is deployed and the incident resolved
    instance.ctxExtra = { decisions: deployed };
    instance.run({ type: 'resolveIncident', key: instance.ofType('incident.raised')[0].key });
    // then
    expect(instance.incidents()).toEqual([]);
    expect(instance.status).toBe('completed');
  });
});

describe('business rule tasks, Camunda 7 (camunda:decisionRef, mapDecisionResult)', () => {
  const c7 = (processId: string, variables: Record<string, unknown>) => started('business-rule-c7', processId, variables);

  it('singleEntry gives the one output of the one matched rule', async () => {
    // when
    const instance = await c7('singleEntry', { violations: 2 });
    // then
    expect(instance.vars.result).toBe(100);
  });

  it('singleEntry fails when the rule has two outputs, singleResult when two rules match', async () => {
    // when
    const twoOutputs = await c7('singleEntryTwoOutputs', { certificateValid: true, violations: 0 });
    const twoRules = await c7('singleResultTwoRules', { violations: 1 });
    // then
    expect(twoOutputs.incidents()).toEqual(['singleEntryTwoOutputs_decide:DECISION_EVALUATION_FAILED']);
    expect(twoOutputs.ofType('incident.raised')[0].message).toMatch(/mapDecisionResult singleEntry failed: the decision result has the outputs approved, reasons, not one/);
    expect(twoRules.ofType('incident.raised')[0].message).toMatch(/mapDecisionResult singleResult failed: the decision result has 2 results/);
  });

  it('singleResult gives the outputs of the rule, collectEntries the output of every rule, resultList all', async () => {
    // when
    const single = await c7('singleResult', { certificateValid: true, violations: 0 });
    const collected = await c7('collectEntries', { violations: 1 });
    const list = await c7('resultList', { certificateValid: false, violations: 4 });
    // then
    expect(single.vars.result).toEqual({ approved: true, reasons: ['valid certificate, no violations'] });
    expect(collected.vars.result).toEqual(['record', 'site visit']);
    expect(list.vars.result).toEqual([{ approved: false, reasons: ['violations on record'] }]);
  });
});

describe('the sandboxed FEEL of decision tables', () => {
  it('reads the unary tests of input entries', () => {
    // given
    const feel = sandboxedDmnFeel();
    // when
    const results = [['>= 18', 20], ['"a","b"', 'b'], ['[1..10]', 10], ['not("x")', 'y'], ['? > 3', 2]].map(([test, input]) => feel.unaryTest(test as string, input, {}));
    // then
    expect(results).toEqual([true, true, true, true, false].map((value) => ({ ok: true, value })));
  });

  it('stops an input entry that would run unbounded', () => {
    // given
    const feel = sandboxedDmnFeel();
    // when
    const result = feel.unaryTest('some x in 1..100000000 satisfies x = ?', -1, {});
    // then
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/was stopped: it does more than 50000 units of work/) });
  });
});
