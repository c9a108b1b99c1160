import { singleTask } from './support/bpmn-fixtures';
import { formatSummary, summarise } from './support/latency';
import { runScenario } from './support/report';
import { clerkOf } from './support/rest-client';
import { TongbanStack } from './support/stack';
import { mapLimit } from './support/wait';
import { deploy, startOrThrow } from './support/workflow-driver';

const PAIRS = Number(process.env.FAULTS_DOUBLE_PAIRS || 1000);
const DEPARTMENT = 'market-regulation';

/** 1,000 × two concurrent completions of the same task: exactly one 200 and one 409 each time. */
runScenario('double-completion', async (report) => {
  // unlimited requests: at ~20 ms a pair the default limit (6,000 a minute) answered pairs 429 on both sides,
  // counted as pairs without a winner (42–351 of 1,000 in four runs)
  const stack = await TongbanStack.start({ name: 'double_completion', env: { TONGBAN_API_RATE_LIMIT: '100000000' } });
  try {
    const { key } = await deploy(stack.client, 'faults-double', singleTask('faults-double', DEPARTMENT));
    const instances = await mapLimit(Array.from({ length: PAIRS }), 16, () => startOrThrow(stack.client, key));
    const tasks = await stack.db.query(`SELECT id, instance_id FROM task WHERE instance_id = ANY($1::uuid[]) AND state = 'open'`, [instances]);
    report.note(`${instances.length} instances started, ${tasks.rows.length} open tasks`);

    const outcomes = { oneWinner: 0, twoWinners: 0, noWinner: 0, loserNot409: 0 };
    const latencies: number[] = [];
    const clerk = clerkOf(DEPARTMENT);
    await mapLimit(tasks.rows, 8, async (task: { id: string }) => {
      const [a, b] = await Promise.all([0, 1].map(() => stack.client.post(`/api/v1/tasks/${task.id}/complete`, clerk, { variables: { approved: true } })));
      latencies.push(a.ms, b.ms);
      const winners = [a, b].filter((res) => res.status === 200).length;
      if (winners === 1) outcomes.oneWinner++;
      else if (winners === 2) outcomes.twoWinners++;
      else outcomes.noWinner++;
      if (winners === 1 && [a, b].find((res) => res.status !== 200)!.status !== 409) outcomes.loserNot409++;
    });

    const history = await stack.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT instance_id)::int AS instances FROM history_event
        WHERE instance_id = ANY($1::uuid[]) AND type ILIKE '%task%' AND type ILIKE '%complet%'`,
      [instances],
    );
    const completedRows = history.rows[0].n as number;
    report.check(
      'one-winner-per-pair',
      tasks.rows.length === PAIRS && outcomes.oneWinner === PAIRS && outcomes.loserNot409 === 0,
      `${outcomes.oneWinner}/${PAIRS} pairs had exactly one 200 (two 200s: ${outcomes.twoWinners}, no 200: ${outcomes.noWinner}, loser not 409: ${outcomes.loserNot409}); ${formatSummary(summarise(latencies))}`,
    );
    report.check('one-completed-history-row', completedRows === PAIRS && history.rows[0].instances === PAIRS, `${completedRows} task-completed history rows for ${PAIRS} tasks`);
  } finally {
    await stack.close();
  }
});
