import { runScenario } from './support/report';
import { clerkOf, RestClient } from './support/rest-client';
import { TongbanStack } from './support/stack';
import type { Pool } from './support/pg-client';
import { deploy, openTasks, startOrThrow, type TaskView } from './support/workflow-driver';

const CASES = Number(process.env.FAULTS_DEPARTMENT_CRASHES || 3);

/** acceptance → review → decide: the return goes from decide back to review. */
const chain = (id: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="${id}-definitions" targetNamespace="http://tongban.dev/faults">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="received" />
    <bpmn:userTask id="review" tongban:department="health" />
    <bpmn:userTask id="decide" tongban:department="fire-rescue" />
    <bpmn:endEvent id="done" />
    <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
    <bpmn:sequenceFlow id="f3" sourceRef="decide" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>
`;

/**
 * 退回 with the api killed mid-command (`return-before-commit`: inside the transaction;
 * `return-after-commit`: committed, not answered), then restarted and the caller retrying: the
 * return happens exactly once — one `task.returned` history row, one outbox row, one new review task,
 * the retry answering 200 (nothing had happened) or 409 (it had).
 */
runScenario('department-crash', async (report) => {
  const stack = await TongbanStack.start({ name: 'dept_crash' });
  // The return goes to the armed api itself: with several api processes (FAULTS_REPLICAS) the stack's
  // client spreads requests, and a return served by another api would neither crash nor end the wait.
  const armed = new RestClient(stack.api.baseUrl);
  try {
    const { key } = await deploy(stack.client, 'faults-return', chain('faults-return'));
    for (const failpoint of ['return-before-commit', 'return-after-commit'] as const) {
      const outcomes: string[] = [];
      let exactlyOnce = 0;
      let crashed = 0;
      for (let i = 0; i < CASES; i++) {
        // given: a case at decide, and the api armed
        const id = await startOrThrow(stack.client, key);
        const [review] = await openTasks(stack.client, id);
        await stack.client.post(`/api/v1/tasks/${review.id}/complete`, clerkOf('health'), {});
        const [decide] = await openTasks(stack.client, id);
        await restartApi(stack, armed, failpoint);

        // when: the return crashes the api, which is started again; the caller retries
        const first = await returnToReview(armed, decide);
        if ((await stack.api.exited()) === 137) crashed++;
        await restartApi(stack, armed, undefined);
        const retry = await returnToReview(armed, decide);
        outcomes.push(`${first}→${retry}`);

        // then
        if (await returnedOnce(stack.db, id)) exactlyOnce++;
      }
      const expectedRetry = failpoint === 'return-before-commit' ? 200 : 409;
      report.check(`${failpoint}-crashed`, crashed === CASES, `${crashed}/${CASES} returns ended the api with exit 137 at ${failpoint}`);
      report.check(`${failpoint}-exactly-once`, exactlyOnce === CASES && outcomes.every((o) => o.endsWith(`→${expectedRetry}`)),
        `${exactlyOnce}/${CASES} cases returned exactly once (one task.returned row, one outbox row, one open review, decide cancelled); first→retry statuses: ${outcomes.join(', ')}`);
    }
  } finally {
    armed.close();
    await stack.close();
  }
});

async function restartApi(stack: TongbanStack, armed: RestClient, failpoint: string | undefined): Promise<void> {
  await stack.api.stop();
  if (failpoint) stack.api.options.env.TONGBAN_FAILPOINT = failpoint;
  else delete stack.api.options.env.TONGBAN_FAILPOINT;
  await stack.api.start(180_000);
  // the client's kept-alive sockets to the old process are dead: use them up on a harmless request
  for (const client of [armed, stack.client]) for (let i = 0; i < 5 && (await client.get('/health', 'none')).status !== 200; i++);
}

/** The status of a return of decide to review; 0 when the connection broke (the api died). */
async function returnToReview(client: RestClient, decide: TaskView): Promise<number> {
  try {
    return (await client.post(`/api/v1/tasks/${decide.id}/return`, clerkOf('fire-rescue'), { toElementId: 'review', comment: '退回补充审查意见' })).status;
  } catch {
    return 0;
  }
}

async function returnedOnce(db: Pool, instanceId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM history_event WHERE instance_id = $1 AND type = 'task.returned') AS history,
            (SELECT count(*)::int FROM outbox WHERE instance_id = $1 AND type = 'task.returned') AS outbox,
            (SELECT count(*)::int FROM task WHERE instance_id = $1 AND element_id = 'review' AND state IN ('open', 'claimed')) AS reviews,
            (SELECT count(*)::int FROM task WHERE instance_id = $1 AND element_id = 'decide' AND state IN ('open', 'claimed')) AS decides`,
    [instanceId],
  );
  const row = rows[0] as { history: number; outbox: number; reviews: number; decides: number };
  return row.history === 1 && row.outbox === 1 && row.reviews === 1 && row.decides === 0;
}
