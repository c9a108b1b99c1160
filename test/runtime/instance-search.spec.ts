import { fixture } from '../support/fixtures';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/** The monitor's search: instances by part of the business key, by a department's task and by start date. */
describe('instance search', () => {
  const { t, api } = useTestApp();

  async function search(query: Record<string, string>) {
    return t.http.get('/api/v1/process-instances').query(query).set('Authorization', await api.as('supervisor'));
  }

  it('finds instances by part of the business key (any case, wildcards taken literally), department and start date', async () => {
    // given: two cases of a process deployed for this test, one of a department-work process
    const { key, xml } = fixture('three-department-approval');
    await api.deploy(xml);
    const stem = uniqueKey('Search');
    const first = (await api.startWithKey(key, { seats: 10 }, `${stem}-2026_001`)).body.id as string;
    const second = (await api.startWithKey(key, { seats: 20 }, `${stem}-2026-002`)).body.id as string;
    await api.eventually(() => api.tasks(first), (tasks) => tasks.length === 3);
    await api.eventually(() => api.tasks(second), (tasks) => tasks.length === 3);

    // when
    const byPart = await search({ businessKeyContains: stem.toLowerCase().slice(2) });
    const literalUnderscore = await search({ businessKeyContains: `${stem}-2026_` });
    const byDepartment = await search({ processKey: key, department: 'fire-rescue' });
    const otherDepartment = await search({ processKey: key, department: 'public-security' });
    const fromTomorrow = await search({ processKey: key, startedFrom: new Date(Date.now() + 86_400_000).toISOString() });
    const beforeNow = await search({ processKey: key, startedBefore: new Date(Date.now() + 60_000).toISOString() });

    // then
    expect(byPart.status).toBe(200);
    expect(byPart.body.items.map((i: { id: string }) => i.id).sort()).toEqual([first, second].sort());
    expect(literalUnderscore.body.items.map((i: { id: string }) => i.id)).toEqual([first]);
    expect(byDepartment.body.total).toBe(2);
    expect(otherDepartment.body.total).toBe(0);
    expect(fromTomorrow.body.total).toBe(0);
    expect(beforeNow.body.total).toBe(2);
  });

  it('refuses a start date that is not ISO 8601, naming the parameter', async () => {
    // when
    const response = await search({ startedFrom: 'yesterday' });

    // then
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('startedFrom');
  });
});
