import { DomainError, TaskCompletionGuards } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { startRuntimeApp } from './support/runtime-app';
import { inRoot } from '../support/root-scope';

describe('instance commands: one ordering, ports for other packages', () => {
  const { t, api } = useTestApp(startRuntimeApp);
  let db: DataSource;

  beforeAll(() => {
    db = inRoot(t.app).get(DataSource);
  });

  /** Four departments' approvals in parallel, joined before the end. */
  function fourApprovals() {
    const departments = ['health', 'public-security', 'medical-insurance', 'human-resources'];
    const { key, xml } = processXml('commands', `
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="fork" />
      ${departments.map((d, i) => `<bpmn:userTask id="approve${i}" tongban:department="${d}" />`).join('')}
      <bpmn:parallelGateway id="join" />
      <bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'fork')}
      ${departments.map((_, i) => `${flow(`a${i}`, 'fork', `approve${i}`)}${flow(`b${i}`, `approve${i}`, 'join')}`).join('')}
      ${flow('f9', 'join', 'end')}`);
    return { key, xml, departments };
  }

  it('completes parallel tasks sent at the same moment: each once, the join passes once, no conflict reaches the clerks', async () => {
    // given
    const { key, xml, departments } = fourApprovals();
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const tasks = await api.tasks(id);
    expect(tasks).toHaveLength(4);

    // when: every department completes at once
    const responses = await Promise.all(tasks.map((task) => api.complete(task.id, `clerk.${task.department}`, { ok: true })));

    // then
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await api.instance(id)).state).toBe('completed');
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'task.completed')).toHaveLength(4);
    expect(history.filter((h) => h.type === 'instance.ended')).toHaveLength(1);
    expect(new Set(departments)).toEqual(new Set(tasks.map((task) => task.department)));
  });

  it('lets a registered TaskCompletionGuard refuse a completion before anything is written', async () => {
    // given a guard that refuses completions of `approve0` without `checked`
    const { key, xml } = fourApprovals();
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const task = (await api.tasks(id)).find((candidate) => candidate.elementId === 'approve0')!;
    inRoot(t.app).get(TaskCompletionGuards).register({
      checkCompletion: async (view, variables) => {
        if (view.processInstanceId === id && view.elementId === 'approve0' && variables?.checked !== true) {
          throw new DomainError('VALIDATION_FAILED', 'approve0 needs variables.checked', { errors: [{ field: 'variables.checked' }] });
        }
      },
    });
    const [{ version: before }] = await db.query(`SELECT version FROM process_instance WHERE id = $1`, [id]);

    // when
    const refused = await api.complete(task.id, 'clerk.health', {});

    // then: 400, the task still open, the instance unchanged; the completion passes once it says `checked`
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'approve0 needs variables.checked' });
    const [row] = await db.query(`SELECT state FROM task WHERE id = $1`, [task.id]);
    expect(row.state).toBe('open');
    const [{ version: after }] = await db.query(`SELECT version FROM process_instance WHERE id = $1`, [id]);
    expect(after).toBe(before);
    expect((await api.complete(task.id, 'clerk.health', { checked: true })).status).toBe(200);
  });
});
