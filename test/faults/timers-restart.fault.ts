import { timerCapability } from './support/capabilities';
import { formatMs, summarise } from './support/latency';
import { runScenario } from './support/report';
import { isOk } from './support/rest-client';
import { TongbanStack } from './support/stack';
import { mapLimit, sleep } from './support/wait';
import { startInstance, stateCounts, waitCompleted } from './support/workflow-driver';

const TIMERS = Number(process.env.FAULTS_TIMERS || 500);
const DURATION_S = 5;
const DOWN_SECONDS = Number(process.env.FAULTS_TIMERS_DOWN_SECONDS || 6);
const SPREAD_SECONDS = Number(process.env.FAULTS_TIMERS_SPREAD_SECONDS || 10);

interface Fired {
  instance_id: string;
  started_at: Date;
  fired: Date[];
}

/**
 * 500 timers (PT5S), started over 10 s, across a full stop and start of every process (api, worker and
 * Redis) right after the last start: about half come due while running, the rest while everything is
 * down. Each fires exactly once. Lateness is the delay past the due time, or past the restart for
 * timers that came due during the stop.
 */
runScenario('timers-restart', async (report) => {
  const stack = await TongbanStack.start({ name: 'timers_restart', redisAppendOnly: true });
  try {
    const capability = await timerCapability(stack.client, 'faults-timer', `PT${DURATION_S}S`);
    if (!capability.available) {
      report.skip('each-fires-once', `timers missing: ${capability.reason}`);
      return;
    }
    const probe = await startInstance(stack.client, capability.processKey!);
    const probeFired = isOk(probe.status) && (await waitCompleted(stack.db, [probe.body.id], (DURATION_S + 10) * 1000)).length === 0;
    if (!probeFired) {
      report.skip('each-fires-once', `timers missing: a PT${DURATION_S}S timer instance did not complete within ${DURATION_S + 10} s (start answered ${probe.status}: ${JSON.stringify(probe.body).slice(0, 160)})`);
      return;
    }

    const began = Date.now();
    const ids = (await mapLimit(Array.from({ length: TIMERS }), 16, async (_, i) => {
      const wait = began + (i * SPREAD_SECONDS * 1000) / TIMERS - Date.now();
      if (wait > 0) await sleep(wait);
      const res = await startInstance(stack.client, capability.processKey!);
      return isOk(res.status) ? (res.body.id as string) : undefined;
    })).filter((id): id is string => !!id);
    const stoppedAt = Date.now();
    for (const process of stack.processes) await process.stop();
    await stack.redis!.stop();
    await sleep(DOWN_SECONDS * 1000);
    await stack.redis!.restart();
    await Promise.all(stack.processes.map((process) => process.start()));
    const restartedAt = Date.now();
    const pending = await waitCompleted(stack.db, ids, 60_000);

    const rows = await stack.db.query<Fired>(
      `SELECT p.id AS instance_id, p.started_at, coalesce(array_agg(h.at ORDER BY h.at) FILTER (WHERE h.id IS NOT NULL), '{}') AS fired
         FROM process_instance p
         LEFT JOIN history_event h ON h.instance_id = p.id AND h.element_id = 'wait' AND h.type = 'element.left'
        WHERE p.id = ANY($1::uuid[])
        GROUP BY p.id, p.started_at`,
      [ids],
    );
    const firedOnce = rows.rows.filter((row) => row.fired.length === 1).length;
    const firedTwice = rows.rows.filter((row) => row.fired.length > 1).length;
    const early: string[] = [];
    const whileUp: number[] = [];
    const whileDown: number[] = [];
    for (const row of rows.rows) {
      if (row.fired.length === 0) continue;
      const due = new Date(row.started_at).getTime() + DURATION_S * 1000;
      const fired = new Date(row.fired[0]).getTime();
      if (fired < due) early.push(row.instance_id);
      if (due < stoppedAt) whileUp.push(fired - due);
      else whileDown.push(fired - Math.max(due, restartedAt));
    }
    const late = summarise([...whileUp, ...whileDown]);
    const up = summarise(whileUp);
    const down = summarise(whileDown);
    report.check(
      'each-fires-once',
      pending.length === 0 && ids.length === TIMERS && firedOnce === TIMERS && firedTwice === 0 && early.length === 0,
      `${firedOnce}/${TIMERS} timers fired exactly once (twice or more: ${firedTwice}, early: ${early.length}, not completed: ${pending.length}${pending.length ? ` ${await stateCounts(stack.db, pending)}` : ''}) across a ${DOWN_SECONDS} s stop of Redis and every process (${stack.processes.map((process) => process.options.name).join(', ')})`,
    );
    report.check(
      'lateness',
      Number.isFinite(late.p99),
      `lateness p99 ${formatMs(late.p99)} (max ${formatMs(late.max)}): ${up.count} timers due while running, p50 ${formatMs(up.p50)} p99 ${formatMs(up.p99)} past due; ` +
        `${down.count} due during the stop, p50 ${formatMs(down.p50)} p99 ${formatMs(down.p99)} past the restart (${((restartedAt - stoppedAt) / 1000).toFixed(1)} s from stop to all processes up)`,
    );
  } finally {
    await stack.close();
  }
});
