import { TestClock } from '@tongban/runtime';
import { BundleClient, newCreditCode } from '../bundles/bundle-fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

describe('容缺 deadlines count on the stored calendar', () => {
  const clock = new TestClock('2026-12-24T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  it('refuses an application whose deferred material would be due in a year the calendar does not know, and stores nothing', async () => {
    // given Thursday 24 December 2026, a restaurant application deferring a material of an item promised in 7 working days, and no 2027 calendar
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode, '2028-10-31');

    // when
    const { response } = await b.submitRestaurant(creditCode);

    // then a clear 422 naming the missing year, not a deadline that counts New Year's Day as a working day
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', details: { calendar: 'cn', year: 2027 } });
    const mine = await t.http.get(`/api/v1/applications?applicantCode=${creditCode}`).set('Authorization', await api.as('supervisor'));
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);
  });
});
