import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn, type ProcessModel } from '@tongban/bpmn';
import { parseDmn } from '@tongban/dmn';
import { engine, type DeployedDecision, type Effect } from '@tongban/engine';
import { composeBundle } from './compose-bundle';
import { generateBundleBpmn } from './bundle-bpmn.generator';
import { bundleSavings } from '../savings/bundle-savings';
import { processCriticalDays } from '../savings/deployed-savings';
import { shippedCatalog, WORKFLOWS_DIR } from '../../test/shipped-catalog';

const now = Date.parse('2026-11-20T02:00:00Z');
const renewalBundle = () => composeBundle({ code: 'renew-restaurant', name: '餐馆证照延续', items: ['SH-SCJG-002', 'SH-LHSR-014'] }, shippedCatalog().items);

async function model(): Promise<ProcessModel> {
  return (await compileBpmn(generateBundleBpmn(renewalBundle()))).processes[0];
}

async function decisions(): Promise<(id: string) => DeployedDecision | undefined> {
  const set = await parseDmn(readFileSync(join(WORKFLOWS_DIR, 'decisions', 'food-licence-renewal.dmn'), 'utf8'));
  return (id) => (set.decisions.some((d) => d.id === id) ? { set, version: 1 } : undefined);
}

async function start(variables: Record<string, unknown>): Promise<Effect[]> {
  return engine.start(await model(), { type: 'start', variables }, { now, decisions: await decisions() }).effects;
}

const departmentsWaiting = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'task.created' ? [e.department] : [])).sort();

describe('秒办: an item approved by its auto-approval decision', () => {
  it('skips the clerk and issues the licence when the rule approves, with the decision as evidence', async () => {
    // given a holder whose licence is valid and who has no violations
    // when
    const effects = await start({ form: { 'licence.validUntil': '2027-06-30', 'company.violations': 0 } });
    // then only the signboard clerk works; the food licence is issued at once
    expect(departmentsWaiting(effects)).toEqual(['city-appearance']);
    expect(effects.filter((e) => e.type === 'job.created').map((e) => (e as { elementId: string }).elementId)).toEqual(['Task_SH_SCJG_002_issue']);
    const evidence = effects.find((e) => e.type === 'history' && e.event === 'decision.evaluated');
    expect(evidence).toMatchObject({
      elementId: 'Task_SH_SCJG_002_autoApproval',
      data: { decisionId: 'food-licence-renewal', version: 1, matchedRules: ['validAndClean'], inputs: { '违法记录 / Violations': 0, '原许可证在有效期内 / Licence still valid': true } },
    });
  });

  it('falls back to the clerk when the rule does not approve, with its reasons', async () => {
    // given a holder with violations on record
    // when
    const effects = await start({ form: { 'licence.validUntil': '2027-06-30', 'company.violations': 2 } });
    // then both clerks work, and the reasons are in the case
    expect(departmentsWaiting(effects)).toEqual(['city-appearance', 'market-regulation']);
    const evidence = effects.find((e) => e.type === 'history' && e.event === 'decision.evaluated');
    expect(evidence).toMatchObject({ data: { matchedRules: ['violationsOnRecord'], outputs: { approved: false, reasons: ['有违法记录，转人工审核 / violations on record: a clerk decides'] } } });
  });

  it('counts the item as a 0-day item in the savings report', async () => {
    // given
    const bundle = renewalBundle();
    // when
    const savings = bundleSavings(bundle);
    // then the signboard permit's 5 days are the critical path, and the renewal is listed as decided by rule
    expect(savings).toMatchObject({ daysSeparately: 10, daysBundle: 5, autoApprovedItems: ['SH-SCJG-002'] });
    expect(processCriticalDays(await model())).toBe(5);
  });
});
