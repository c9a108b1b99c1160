import { useTestApp } from '../support/use-test-app';

describe('常用意见: each user\'s common opinions', () => {
  const { t, api } = useTestApp();

  it('keeps, lists and deletes a user\'s own phrases, apart from everyone else\'s', async () => {
    // given
    const health = await api.as('clerk.health');
    const fire = await api.as('clerk.fire-rescue');

    // when
    const added = await t.http.post('/api/v1/me/phrases').set('Authorization', health).send({ text: '  材料齐全，符合法定条件，同意。 ' });
    const second = await t.http.post('/api/v1/me/phrases').set('Authorization', health).send({ text: '请补正后重新提交。' });

    // then
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), text: '材料齐全，符合法定条件，同意。', createdAt: expect.any(String) });
    expect(second.status).toBe(201);
    const mine = (await t.http.get('/api/v1/me/phrases').set('Authorization', health)).body;
    expect(mine.map((p: { text: string }) => p.text)).toEqual(expect.arrayContaining(['材料齐全，符合法定条件，同意。', '请补正后重新提交。']));
    const theirs = (await t.http.get('/api/v1/me/phrases').set('Authorization', fire)).body;
    expect(theirs.some((p: { id: string }) => p.id === added.body.id)).toBe(false);

    // when / then: another user cannot delete it; the owner can, once
    expect((await t.http.delete(`/api/v1/me/phrases/${added.body.id}`).set('Authorization', fire)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/me/phrases/${added.body.id}`).set('Authorization', health)).status).toBe(204);
    expect((await t.http.delete(`/api/v1/me/phrases/${added.body.id}`).set('Authorization', health)).status).toBe(404);
    expect((await t.http.get('/api/v1/me/phrases').set('Authorization', health)).body.some((p: { id: string }) => p.id === added.body.id)).toBe(false);
  });

  it('refuses a blank or over-long phrase (400) and a twin (409); of two racing twins one wins', async () => {
    // given
    const supervisor = await api.as('supervisor');
    const add = (text: unknown) => t.http.post('/api/v1/me/phrases').set('Authorization', supervisor).send({ text });

    // when / then
    expect((await add('   ')).status).toBe(400);
    expect((await add('长'.repeat(501))).status).toBe(400);
    expect((await add(42)).status).toBe(400);
    const [one, two] = await Promise.all([add('请尽快办理。'), add('请尽快办理。')]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    expect((await t.http.get('/api/v1/me/phrases').set('Authorization', supervisor)).body.filter((p: { text: string }) => p.text === '请尽快办理。')).toHaveLength(1);
    expect((await t.http.get('/api/v1/me/phrases').set('X-API-Key', t.apiKey)).status).toBe(403);
  });
});
