import { randomBytes } from 'node:crypto';
import { IdentityAuditRetention } from '@tongban/identity';
import { CLOCK, RUNTIME_CONFIG, RuntimeRetention, TestClock, type Clock, type RuntimeConfig } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { inRoot } from '../support/root-scope';

const DAY_MS = 24 * 3600 * 1000;

/** A process that ends as soon as it starts. */
function straightThrough(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://tongban.test">
  <process id="${key}" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;
}

describe('retention', () => {
  const { t, api } = useTestApp();
  let dataSource: DataSource;
  let clock: Clock;
  let config: RuntimeConfig;

  beforeAll(() => {
    dataSource = inRoot(t.app).get(DataSource);
    clock = t.app.get(CLOCK);
    config = t.app.get(RUNTIME_CONFIG);
  });

  it('deletes published outbox rows older than the retention, never unpublished ones or another deployment\'s', async () => {
    // given: rows of a deployment of their own (no relay publishes them here), old and recent
    const prefix = `retention-${randomBytes(4).toString('hex')}`;
    const other = `${prefix}-other`;
    const now = clock.now().getTime();
    const insert = (queuePrefix: string, ageDays: number, published: boolean) => dataSource.query(
      `INSERT INTO outbox (queue_prefix, topic, type, payload, available_at, created_at, published_at) VALUES ($1, 'spec', 'spec', '{}', $2, $2, $3) RETURNING id`,
      [queuePrefix, new Date(now - ageDays * DAY_MS), published ? new Date(now - ageDays * DAY_MS) : null],
    ).then((rows: Array<{ id: string }>) => rows[0].id);
    const oldPublished = await insert(prefix, 8, true);
    const oldUnpublished = await insert(prefix, 8, false);
    const recentPublished = await insert(prefix, 6, true);
    const otherDeployment = await insert(other, 30, true);

    // when
    const trimmed = await new RuntimeRetention(dataSource, { ...config, queuePrefix: prefix, outboxRetentionDays: 7 }, clock).trim();

    // then
    expect(trimmed.outbox).toBe(1);
    const left = (await dataSource.query(`SELECT id FROM outbox WHERE queue_prefix IN ($1, $2) ORDER BY id`, [prefix, other])).map((r: { id: string }) => r.id);
    expect(left).toEqual([oldUnpublished, recentPublished, otherDeployment]);
    expect(left).not.toContain(oldPublished);
    await dataSource.query(`DELETE FROM outbox WHERE queue_prefix IN ($1, $2)`, [prefix, other]);
  });

  it('deletes the history of instances ended longer ago than the history retention, and keeps it when unset', async () => {
    // given: two ended instances, one of them long ago
    const key = uniqueKey('retention');
    await api.deploy(straightThrough(key));
    const longAgo = (await api.startWithKey(key, {})).body.id as string;
    const lately = (await api.startWithKey(key, {})).body.id as string;
    await dataSource.query(`UPDATE process_instance SET ended_at = $2 WHERE id = $1`, [longAgo, new Date(clock.now().getTime() - 400 * DAY_MS)]);
    const count = async (id: string) => Number((await dataSource.query(`SELECT count(*) FROM history_event WHERE instance_id = $1`, [id]))[0].count);
    expect(await count(longAgo)).toBeGreaterThan(0);

    // when retention is unset, nothing goes
    expect((await new RuntimeRetention(dataSource, { ...config, historyRetentionDays: undefined }, clock).trim()).history).toBe(0);
    // when it is a year
    const trimmed = await new RuntimeRetention(dataSource, { ...config, historyRetentionDays: 365 }, clock).trim();

    // then
    expect(trimmed.history).toBeGreaterThan(0);
    expect(await count(longAgo)).toBe(0);
    expect(await count(lately)).toBeGreaterThan(0);
  });

  it('trims, trim after trim, the history of the instances that aged out since the previous trim', async () => {
    // given: an instance that ended 365 days less an hour ago, and a retention of a year on a clock of its own
    const key = uniqueKey('retention-window');
    await api.deploy(straightThrough(key));
    const id = (await api.startWithKey(key, {})).body.id as string;
    const testClock = new TestClock(clock.now());
    await dataSource.query(`UPDATE process_instance SET ended_at = $2 WHERE id = $1`, [id, new Date(testClock.now().getTime() - 365 * DAY_MS + 3600 * 1000)]);
    const count = async () => Number((await dataSource.query(`SELECT count(*) FROM history_event WHERE instance_id = $1`, [id]))[0].count);
    const retention = new RuntimeRetention(dataSource, { ...config, historyRetentionDays: 365 }, testClock);

    // when the first trim runs, then its history stays
    await retention.trim();
    expect(await count()).toBeGreaterThan(0);

    // when two hours later the next trim runs (over the instances that ended between the two cut-offs)
    testClock.advance(2 * 3600 * 1000);
    const trimmed = await retention.trim();

    // then its history is gone
    expect(trimmed.history).toBeGreaterThan(0);
    expect(await count()).toBe(0);
  });

  it('trims the append-only audit log only through the database function, never under 180 days', async () => {
    // given: audit rows of 200 and 100 days ago
    const target = `retention-spec-${randomBytes(4).toString('hex')}`;
    await dataSource.query(
      `INSERT INTO identity_audit (at, actor, action, target) VALUES (now() - interval '200 days', 'spec', 'spec', $1), (now() - interval '100 days', 'spec', 'spec', $1)`,
      [target],
    );
    const retention = t.app.get(IdentityAuditRetention);

    // then a plain delete, and a retention under 180 days, are refused
    await expect(dataSource.query(`DELETE FROM identity_audit WHERE target = $1`, [target])).rejects.toThrow(/append-only|permission denied/);
    await expect(retention.trim(179)).rejects.toThrow(/at least 180 days/);

    // when
    expect(await retention.trim(180)).toBeGreaterThanOrEqual(1);

    // then only the 200-day-old row is gone
    const left = await dataSource.query(`SELECT (now() - at) > interval '150 days' AS old FROM identity_audit WHERE target = $1`, [target]);
    expect(left).toEqual([{ old: false }]);
  });
});
