import { compileBpmn, type ProcessModel } from '@tongban/bpmn';
import { engine, type Effect, type EngineResult, type InstanceState } from '@tongban/engine';
import { composeBundle } from './compose-bundle';
import { generateBundleBpmn } from './bundle-bpmn.generator';
import { ISSUE_CERTIFICATE_JOB_TYPE } from './bundle-process.graph';
import { shippedBundle, shippedCatalog } from '../../test/shipped-catalog';

const ctx = { now: Date.parse('2026-11-20T02:00:00Z') };

async function modelOf(code: string): Promise<ProcessModel> {
  const xml = generateBundleBpmn(composeBundle(shippedBundle(code), shippedCatalog().items));
  return (await compileBpmn(xml)).processes[0];
}

/** Drives one instance of a generated bundle process the way the runtime would. */
class Case {
  private state: InstanceState;
  /** Effects of the last command. */
  effects: Effect[];
  private readonly all: Effect[] = [];
  private readonly done = new Set<string>();

  constructor(private model: ProcessModel, result: EngineResult) {
    this.state = result.state;
    this.effects = result.effects;
    this.all.push(...result.effects);
  }

  static start(model: ProcessModel): Case {
    return new Case(model, engine.start(model, { type: 'start', variables: { applicant: { code: 'x' } } }, ctx));
  }

  get status() {
    return this.state.status;
  }

  private open<T extends 'task.created' | 'job.created'>(type: T): Array<Extract<Effect, { type: T }>> {
    const withdrawn = new Set(this.all.flatMap((e) => (e.type === 'task.cancelled' || e.type === 'job.cancelled' ? [e.key] : [])));
    return this.all.filter((e): e is Extract<Effect, { type: T }> => e.type === type && !this.done.has((e as { key: string }).key) && !withdrawn.has((e as { key: string }).key));
  }

  departmentsWaiting(): string[] {
    if (this.status !== 'active') return [];
    return this.open('task.created').map((t) => t.department!).sort();
  }

  decide(department: string, approved: boolean | 'approve' | 'reject'): void {
    const task = this.open('task.created').find((t) => t.department === department);
    if (!task) throw new Error(`no open task for ${department}`);
    this.apply({ type: 'completeTask', key: task.key, variables: { approved } });
    this.done.add(task.key);
  }

  /** Completes every open issue-certificate job; returns their element ids. */
  issueAll(): string[] {
    if (this.status !== 'active') return [];
    const jobs = this.open('job.created');
    for (const job of jobs) {
      this.apply({ type: 'completeJob', key: job.key });
      this.done.add(job.key);
    }
    return jobs.map((j) => j.elementId);
  }

  private apply(command: Parameters<typeof engine.execute>[2]): void {
    const result = engine.execute(this.model, this.state, command, ctx);
    this.state = result.state;
    this.effects = result.effects;
    this.all.push(...result.effects);
  }
}

describe('generated bundle processes on the engine', () => {
  it('runs new-baby along its certificate chain', async () => {
    // given
    const c = Case.start(await modelOf('new-baby'));

    // then only the hospital works first
    expect(c.departmentsWaiting()).toEqual(['health']);

    // when the birth certificate is approved and issued
    c.decide('health', true);
    expect(c.issueAll()).toEqual(['Task_WJ_CSYX_001_issue']);

    // then the household registration follows, then medical insurance and the social security card together
    expect(c.departmentsWaiting()).toEqual(['public-security']);
    c.decide('public-security', true);
    expect(c.issueAll()).toEqual(['Task_GA_HJ_021_issue']);
    expect(c.departmentsWaiting()).toEqual(['human-resources', 'medical-insurance']);
    c.decide('medical-insurance', true);
    c.decide('human-resources', true);
    expect(c.issueAll().sort()).toEqual(['Task_RS_SBK_002_issue', 'Task_YB_CB_007_issue']);
    expect(c.status).toBe('completed');
  });

  it('creates issue jobs of the documented type', async () => {
    // given
    const c = Case.start(await modelOf('new-baby'));

    // when
    c.decide('health', true);

    // then
    expect(c.effects.find((e) => e.type === 'job.created')).toMatchObject({ jobType: ISSUE_CERTIFICATE_JOB_TYPE, elementId: 'Task_WJ_CSYX_001_issue' });
  });

  it('ends the new-baby case when the birth certificate is refused: nothing later can proceed', async () => {
    // given
    const c = Case.start(await modelOf('new-baby'));

    // when
    c.decide('health', false);

    // then: the terminate end event ends the instance; no other department is asked
    expect(c.status).not.toBe('active');
    expect(c.effects.some((e) => e.type === 'task.created' || e.type === 'job.created')).toBe(false);
  });

  it('runs the three open-restaurant approvals in parallel and completes although one is refused', async () => {
    // given
    const c = Case.start(await modelOf('open-restaurant'));
    expect(c.departmentsWaiting()).toEqual(['city-appearance', 'fire-rescue', 'market-regulation']);

    // when
    c.decide('city-appearance', false);
    c.decide('market-regulation', true);
    c.decide('fire-rescue', true);
    const issued = c.issueAll();

    // then
    expect(issued.sort()).toEqual(['Task_SH_SCJG_001_issue', 'Task_SH_XF_003_issue']);
    expect(c.status).toBe('completed');
  });

  it('routes on the decision the runtime writes to the approval\'s decision variable as on the boolean of earlier versions', async () => {
    // given
    const c = Case.start(await modelOf('open-restaurant'));

    // when: decisions as POST /tasks/:id/complete {decision} writes them, and one boolean
    c.decide('city-appearance', 'reject');
    c.decide('market-regulation', 'approve');
    c.decide('fire-rescue', true);

    // then
    expect(c.issueAll().sort()).toEqual(['Task_SH_SCJG_001_issue', 'Task_SH_XF_003_issue']);
    expect(c.status).toBe('completed');
  });
});
