import { Client } from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { RUNTIME_CONFIG, groupCommitRunning, groupCommitWaiting, type RuntimeConfig } from '@tongban/kernel';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';

const DEPARTMENTS = ['health', 'public-security', 'medical-insurance', 'market-regulation', 'fire-rescue'];

type Task = { id: string; elementId: string; department: string; state: string };
type Completion = { task: Task; clerk: string };
type Bundle = { id: string; tasks: Task[] };

/** The transactions committed through the app's pool, each as the parameters of its statements. */
class CommittedTransactions {
  readonly committed: string[][] = [];
  private readonly open = new Map<unknown, string[]>();
  private spy?: jest.SpyInstance;

  start(): void {
    const original = PostgresQueryRunner.prototype.query;
    const open = this.open;
    const committed = this.committed;
    this.spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
      const text = sql.trim();
      if (/^(START TRANSACTION|BEGIN)/i.test(text)) open.set(this, []);
      else if (/^COMMIT/i.test(text)) {
        committed.push(open.get(this) ?? []);
        open.delete(this);
      } else if (/^ROLLBACK/i.test(text)) open.delete(this);
      else open.get(this)?.push(JSON.stringify(parameters ?? []));
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, parameters, ...rest);
    } as never);
  }

  stop(): void {
    this.spy?.mockRestore();
  }

  /** How many committed transactions wrote for any of these tasks. */
  touching(tasks: readonly Task[]): number {
    return this.committed.filter((statements) => statements.some((parameters) => tasks.some((task) => parameters.includes(task.id)))).length;
  }
}

describe('group commit of concurrent task completions', () => {
  const { t, api } = useTestApp(async () => {
    process.env.TONGBAN_GROUP_COMMIT = 'true';
    try {
      return await startTestApp();
    } finally {
      delete process.env.TONGBAN_GROUP_COMMIT;
    }
  });
  let key: string;
  let slots: number;
  const clerks = new Map<string, string>();

  beforeAll(async () => {
    const bundle = processXml('group-commit', `
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      ${DEPARTMENTS.map((d, i) => `<bpmn:userTask id="approve${i}" tongban:department="${d}" />`).join('')}
      <bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'fork')}
      ${DEPARTMENTS.map((_, i) => `${flow(`a${i}`, 'fork', `approve${i}`)}${flow(`b${i}`, `approve${i}`, 'join')}`).join('')}
      ${flow('f9', 'join', 'end')}`);
    key = bundle.key;
    await api.deploy(bundle.xml);
    const groupCommit = t.app.get<RuntimeConfig>(RUNTIME_CONFIG).groupCommit;
    expect(groupCommit).toBeDefined();
    slots = groupCommit!.slots;
    for (const department of DEPARTMENTS) clerks.set(department, await api.as(`clerk.${department}`));
  });

  /** Enough started bundles for a completion in every slot. */
  async function blockers(): Promise<Bundle[]> {
    return Promise.all(Array.from({ length: Math.ceil(slots / DEPARTMENTS.length) }, () => bundle()));
  }

  /** A started five-department bundle: its instance id and its five open tasks. */
  async function bundle(): Promise<Bundle> {
    const id = (await api.startWithKey(key)).body.id as string;
    const tasks = (await api.tasks(id)) as Task[];
    expect(tasks).toHaveLength(DEPARTMENTS.length);
    return { id, tasks };
  }

  const ofClerk = (task: Task): Completion => ({ task, clerk: task.department });
  const complete = ({ task, clerk }: Completion) => t.http.post(`/api/v1/tasks/${task.id}/complete`).set('Authorization', clerks.get(clerk)!).send({ variables: { [`by${task.elementId}`]: clerk } });

  /**
   * Completes `queued` while every group commit slot is taken by a completion of the blockers' tasks,
   * held on their instance rows' locks (as a command takes them) by a transaction of another
   * connection: they wait for a slot together, then the locks are released. Answers the statuses and
   * bodies of the queued ones, in order.
   */
  async function whileSlotsAreBusy(held: Bundle[], queued: Completion[]): Promise<{ statuses: number[]; bodies: Record<string, unknown>[] }> {
    const holders = held.flatMap((b) => b.tasks).slice(0, slots);
    const lock = new Client({ connectionString: t.app.get<RuntimeConfig>(RUNTIME_CONFIG).databaseUrl });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM process_instance WHERE id = ANY($1::uuid[]) FOR NO KEY UPDATE', [held.map((b) => b.id)]);
      const holding = holders.map((task) => complete(ofClerk(task)).then((r) => r));
      await api.eventually(async () => (await groupCommitRunning.get()).values[0]?.value ?? 0, (n) => n >= slots, 60_000);
      const answers = queued.map((completion) => complete(completion).then((r) => r));
      await api.eventually(async () => (await groupCommitWaiting.get()).values[0]?.value ?? 0, (n) => n >= queued.length, 60_000);
      await lock.query('COMMIT');
      expect((await Promise.all(holding)).map((r) => r.status)).toEqual(holders.map(() => 200));
      const responses = await Promise.all(answers);
      return { statuses: responses.map((r) => r.status), bodies: responses.map((r) => r.body as Record<string, unknown>) };
    } finally {
      await lock.end();
    }
  }

  async function historyOf(id: string) {
    const history = await api.history(id);
    return {
      completed: history.filter((h) => h.type === 'task.completed').map((h) => h.elementId).sort(),
      joined: history.filter((h) => h.type === 'element.left' && h.elementId === 'join').length,
      ended: history.filter((h) => h.type === 'instance.ended').length,
    };
  }

  it('applies the completions that waited together in one transaction, those of one instance one after the other, each exactly once', async () => {
    // given bundles whose completions take every slot, and three more bundles
    const held = await blockers();
    const holders = held.flatMap((b) => b.tasks).slice(0, slots);
    const others = [await bundle(), await bundle(), await bundle()];
    const queued = [...held.flatMap((b) => b.tasks).slice(slots), ...others.flatMap((b) => b.tasks)].map(ofClerk);
    const transactions = new CommittedTransactions();

    // when every task of the three bundles is completed while the slots are busy
    transactions.start();
    let statuses: number[];
    try {
      ({ statuses } = await whileSlotsAreBusy(held, queued));
    } finally {
      transactions.stop();
    }

    // then each is answered 200, applied once, and the waiting ones shared one commit
    expect(statuses).toEqual(queued.map(() => 200));
    for (const { id } of [...held, ...others]) {
      expect(await historyOf(id)).toEqual({ completed: DEPARTMENTS.map((_, i) => `approve${i}`).sort(), joined: 1, ended: 1 });
      expect((await api.instance(id)).state).toBe('completed');
    }
    expect(transactions.touching(queued.map((c) => c.task))).toBe(1);
    expect(transactions.touching(holders)).toBe(slots);
  }, 120_000);

  it('answers a refused completion of a group alone (409, 403) and applies the others once', async () => {
    // given bundles whose completions take every slot, one bundle to complete, and one with a task done already
    const held = await blockers();
    const whole = await bundle();
    const mixed = await bundle();
    expect((await complete(ofClerk(mixed.tasks[0]))).status).toBe(200);
    const wrongClerk = DEPARTMENTS.find((d) => d !== mixed.tasks[1].department)!;
    const queued: Completion[] = [
      ...whole.tasks.slice(0, 2).map(ofClerk),
      ofClerk(mixed.tasks[0]),
      { task: mixed.tasks[1], clerk: wrongClerk },
      ...whole.tasks.slice(2).map(ofClerk),
      ...mixed.tasks.slice(2).map(ofClerk),
    ];

    // when they are completed while the slots are busy
    const { statuses, bodies } = await whileSlotsAreBusy(held, queued);

    // then the task done already answers 409, the other department's clerk 403, the others 200
    expect(statuses).toEqual([200, 200, 409, 403, 200, 200, 200, 200, 200, 200]);
    expect(bodies[2]).toMatchObject({ code: 'TASK_NOT_ACTIVE' });
    expect(await historyOf(whole.id)).toEqual({ completed: DEPARTMENTS.map((_, i) => `approve${i}`).sort(), joined: 1, ended: 1 });
    expect(await historyOf(mixed.id)).toEqual({ completed: mixed.tasks.filter((_, i) => i !== 1).map((task) => task.elementId).sort(), joined: 0, ended: 0 });
    const open = (await api.tasks(mixed.id)).filter((task) => task.state === 'open' || task.state === 'claimed');
    expect(open.map((task) => task.id)).toEqual([mixed.tasks[1].id]);
  }, 120_000);
});
