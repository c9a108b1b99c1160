import { verifyWebhookSignature } from '@tongban/catalog';
import { TestClock } from '@tongban/runtime';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { BundleClient } from '../bundles/bundle-fixtures';
import { newBabyCase } from './new-baby-case';
import { startReceiver } from './webhook-receiver';

process.env.TONGBAN_WEBHOOK_ALLOW_PRIVATE = 'true';
process.env.TONGBAN_WEBHOOK_TIMEOUT_MS = '300';
process.env.TONGBAN_WEBHOOK_BACKOFF_MS = '100';

type Delivery = { id: string; eventType: string; event: { applicationId?: string }; state: string; attempts: number; log: Array<{ status: number | null; error: string | null; responseExcerpt: string | null }> };

describe('webhooks: signed deliveries from the outbox, retried until the receiver recovers', () => {
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock('2026-06-01T02:00:00Z') }));
  const b = new BundleClient(t, api);
  const subscribe = (body: Record<string, unknown>) => t.http.post('/api/v1/webhooks').set('X-API-Key', t.apiKey).send(body);
  const deliveries = async (id: string): Promise<Delivery[]> => (await t.http.get(`/api/v1/webhooks/${id}/deliveries`).set('X-API-Key', t.apiKey)).body.items;
  /** Test files share the database: a subscription also receives other files' cases, so a spec looks at its own case's deliveries. */
  const ofCase = (list: Delivery[], applicationId: string) => list.filter((d) => d.event.applicationId === applicationId);

  it('delivers every event at least once with a valid signature through a 500 and a timeout, and logs each attempt', async () => {
    // given: a receiver that fails each acceptance's first attempt, hangs past the timeout on the second, then recovers
    const receiver = await startReceiver((r, attempt) => (r.headers['x-tongban-event'] !== 'application.accepted' || attempt >= 2 ? 200 : attempt === 0 ? 500 : 'hang'));
    try {
      const created = await subscribe({ url: receiver.url, eventTypes: ['application.accepted', 'rating.received'] });
      expect(created.status).toBe(201);
      const { id: subscription, secret } = created.body as { id: string; secret: string };
      expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);

      // when: a case is accepted, decided and rated
      const { id: applicationId } = await newBabyCase(b, true);
      expect((await t.http.post(`/api/v1/applications/${applicationId}/ratings`).set('X-API-Key', t.apiKey).send({ level: 5 })).status).toBe(201);

      // then: both deliveries end delivered; the first took three attempts
      const done = await api.eventually(() => deliveries(subscription).then((list) => ofCase(list, applicationId)), (list) => list.length === 2 && list.every((d) => d.state === 'delivered'), 15_000);
      const accepted = done.find((d) => d.eventType === 'application.accepted')!;
      expect(accepted.log.map((a) => a.status)).toEqual([500, null, 200]);
      expect(accepted.log[0].responseExcerpt).toBe('receiver down for maintenance');
      expect(accepted.log[1].error).toBe('no response within 300 ms');
      expect(done.find((d) => d.eventType === 'rating.received')!.log.map((a) => a.status)).toEqual([200]);
      // and every request the receiver got carries a valid signature over its timestamp and raw body
      const ours = receiver.received.filter((r) => JSON.parse(r.body).applicationId === applicationId);
      expect(ours.length).toBe(4);
      for (const r of ours) {
        const timestamp = String(r.headers['x-tongban-timestamp']);
        expect(verifyWebhookSignature(secret, timestamp, r.body, String(r.headers['x-tongban-signature']))).toBe(true);
        expect(verifyWebhookSignature(secret, String(Number(timestamp) + 1), r.body, String(r.headers['x-tongban-signature']))).toBe(false);
        expect(r.headers['x-tongban-delivery']).toBe(done.find((d) => d.eventType === r.headers['x-tongban-event'])!.id);
      }
      const body = JSON.parse(ours[0].body);
      expect(body).toMatchObject({ type: 'application.accepted', applicationId, data: { bundleCode: 'new-baby' } });
      // and the secret is never shown again
      const shown = await t.http.get(`/api/v1/webhooks/${subscription}`).set('X-API-Key', t.apiKey);
      expect(shown.body.secret).toBeUndefined();

      // when: the rating delivery is sent again by hand
      const rating = done.find((d) => d.eventType === 'rating.received')!;
      const again = await t.http.post(`/api/v1/webhooks/${subscription}/deliveries/${rating.id}/redeliver`).set('X-API-Key', t.apiKey);

      // then
      expect(again.status).toBe(202);
      const redelivered = await api.eventually(() => deliveries(subscription), (list) => list.find((d) => d.id === rating.id)!.attempts === 2, 10_000);
      expect(redelivered.find((d) => d.id === rating.id)).toMatchObject({ state: 'delivered', attempts: 2 });
      await t.http.delete(`/api/v1/webhooks/${subscription}`).set('X-API-Key', t.apiKey).expect(204);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a URL that is not http(s), an unknown event type and a bad body with 400, subscribing nothing', async () => {
    // given
    const before = (await t.http.get('/api/v1/webhooks').set('X-API-Key', t.apiKey)).body.items.length;

    // when
    const ftp = await subscribe({ url: 'ftp://example.org/hook', eventTypes: ['case.finished'] });
    const file = await subscribe({ url: 'file:///etc/passwd', eventTypes: ['case.finished'] });
    const unknown = await subscribe({ url: 'http://127.0.0.1:9/hook', eventTypes: ['case.exploded'] });
    const noTypes = await subscribe({ url: 'http://127.0.0.1:9/hook', eventTypes: [] });

    // then
    expect([ftp.status, file.status, unknown.status, noTypes.status]).toEqual([400, 400, 400, 400]);
    expect(ftp.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'url' } });
    expect(ftp.body.message).toContain('ftp');
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'eventTypes', unknown: ['case.exploded'] } });
    expect((await t.http.get('/api/v1/webhooks').set('X-API-Key', t.apiKey)).body.items.length).toBe(before);
  });
});
