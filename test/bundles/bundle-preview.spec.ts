import { useTestApp } from '../support/use-test-app';

/** `POST /api/v1/bundles/preview`: the composer's live merged form and savings, nothing stored. */
describe('bundle preview over REST', () => {
  const { t, api } = useTestApp();

  it('composes two items into a merged form and savings as the deployed process would record them, storing nothing', async () => {
    // given
    const designer = await api.as('designer');
    const before = (await t.http.get('/api/v1/bundles').set('Authorization', designer)).body.total;

    // when
    const one = await t.http.post('/api/v1/bundles/preview').set('Authorization', designer).send({ items: ['SH-SCJG-001'] });
    const two = await t.http.post('/api/v1/bundles/preview').set('Authorization', designer).send({ items: ['SH-SCJG-001', 'SH-XF-003'] });
    const restaurant = await t.http.post('/api/v1/bundles/preview').set('Authorization', designer).send({ items: ['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003'] });

    // then
    expect([one.status, two.status, restaurant.status]).toEqual([200, 200, 200]);
    expect(one.body).toMatchObject({ items: ['SH-SCJG-001'], layers: [['SH-SCJG-001']], savings: { visitsSeparately: 1, visitsBundle: 1 } });
    expect(two.body.items).toEqual(['SH-SCJG-001', 'SH-XF-003']);
    expect(two.body.savings.fieldsSeparately).toBeGreaterThan(one.body.savings.fieldsSeparately);
    expect(two.body.savings.visitsSeparately).toBe(2);
    expect(two.body.departments).toEqual(expect.arrayContaining(['market-regulation', 'fire-rescue']));
    expect(two.body.form.fields.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['company.name', 'fire.seats']));
    expect(two.body.form.fields.find((f: { key: string }) => f.key === 'company.name').usedBy).toEqual(['SH-SCJG-001', 'SH-XF-003']);
    expect(restaurant.body.savings).toMatchObject({ fieldsSeparately: 23, fieldsOnce: 12, daysSeparately: 17, daysBundle: 7 });
    expect((await t.http.get('/api/v1/bundles').set('Authorization', designer)).body.total).toBe(before);
  });

  it('refuses unknown items, bad bodies and callers who may not compose, naming what is wrong', async () => {
    // given
    const designer = await api.as('designer');
    const clerk = await api.as('clerk.health');

    // when
    const unknown = await t.http.post('/api/v1/bundles/preview').set('Authorization', designer).send({ items: ['SH-SCJG-001', 'NOPE-1'] });
    const empty = await t.http.post('/api/v1/bundles/preview').set('Authorization', designer).send({ items: [] });
    const twice = await t.http.post('/api/v1/bundles/preview').set('Authorization', designer).send({ items: ['SH-XF-003', 'SH-XF-003'] });
    const forbidden = await t.http.post('/api/v1/bundles/preview').set('Authorization', clerk).send({ items: ['SH-XF-003'] });

    // then
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'CATALOG_UNKNOWN_REFERENCE', details: { items: ['NOPE-1'] } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('items');
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain('SH-XF-003');
    expect(forbidden.status).toBe(403);
  });
});
