import { useTestApp } from '../support/use-test-app';
import { BundleClient } from '../bundles/bundle-fixtures';
import { newBabyCase } from './new-baby-case';

type Note = { id: string; type: string; title: string; applicationId: string | null; recipient: { kind: string; id: string }; data: Record<string, unknown>; readAt: string | null };

describe('notifications: made from domain events, once per event and recipient', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);
  const forApplicant = async (code: string, unread = false): Promise<Note[]> =>
    (await t.http.get(`/api/v1/notifications?applicantCode=${code}${unread ? '&unread=true' : ''}`).set('X-API-Key', t.apiKey)).body.items;
  const forClerk = async (clerk: string, unread = false): Promise<Note[]> =>
    (await t.http.get(`/api/v1/notifications${unread ? '?unread=true' : ''}`).set('Authorization', await api.as(clerk))).body.items;

  it('tells the applicant of acceptance, the decision and the end, and each department of its new case', async () => {
    // given / when: a case accepted, refused by health, so it ends
    const { id, applicantCode } = await newBabyCase(b, true);

    // then: the applicant has one notification per event, with the case's outcome at the end
    const applicant = await api.eventually(() => forApplicant(applicantCode), (list) => list.length === 3);
    expect(applicant.map((n) => n.type).sort()).toEqual(['application.accepted', 'case.finished', 'item.decided']);
    expect(applicant.every((n) => n.applicationId === id && n.recipient.kind === 'applicant' && n.readAt === null)).toBe(true);
    expect(applicant.find((n) => n.type === 'item.decided')).toMatchObject({ title: '您的事项未予批准', data: { decision: 'reject', department: 'health', item: 'WJ-CSYX-001' } });
    expect(applicant.find((n) => n.type === 'case.finished')).toMatchObject({ data: { status: 'completed', outcome: 'rejected' } });
    // and each department's clerks see the new case in their queue, other departments do not
    const health = await api.eventually(() => forClerk('clerk.health', true), (list) => list.some((n) => n.applicationId === id));
    expect(health.filter((n) => n.applicationId === id)).toEqual([expect.objectContaining({ type: 'application.accepted', title: '新办件已受理，请及时办理', recipient: { kind: 'department', id: 'health' } })]);
    expect((await forClerk('clerk.tax')).some((n) => n.applicationId === id)).toBe(false);
  });

  it("marks one read: it leaves the unread list; someone else's is 404", async () => {
    // given
    const { id, applicantCode } = await newBabyCase(b, false);
    const note = (await api.eventually(() => forClerk('clerk.public-security', true), (list) => list.some((n) => n.applicationId === id))).find((n) => n.applicationId === id)!;

    // when
    const stranger = await t.http.post(`/api/v1/notifications/${note.id}/read`).set('Authorization', await api.as('clerk.tax'));
    const read = await t.http.post(`/api/v1/notifications/${note.id}/read`).set('Authorization', await api.as('clerk.public-security'));
    const applicantRead = await t.http.post(`/api/v1/notifications/${note.id}/read?applicantCode=${applicantCode}`).set('X-API-Key', t.apiKey);

    // then
    expect(stranger.status).toBe(404);
    expect(applicantRead.status).toBe(404);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await forClerk('clerk.public-security', true)).some((n) => n.id === note.id)).toBe(false);
    expect((await forClerk('clerk.public-security')).some((n) => n.id === note.id)).toBe(true);
  });

  it('refuses a malformed unread filter with 400', async () => {
    // when
    const response = await t.http.get('/api/v1/notifications?unread=maybe').set('Authorization', await api.as('clerk.health'));

    // then
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});
