import request from 'supertest';
import { useTestApp } from '../support/use-test-app';

/** Signs in afresh (its own session, so signing out does not end the other tests' tokens). */
async function signIn(app: Parameters<typeof request>[0], username: string): Promise<string> {
  const response = await request(app).post('/api/v1/auth/token').send({ username, password: username });
  expect(response.status).toBe(200);
  return response.body.accessToken as string;
}

describe('queue board at /admin/queues', () => {
  const { t } = useTestApp();

  it('is closed without a pass, and only admins get one', async () => {
    // when / then
    const anonymous = await t.http.get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toContain('POST /api/v1/admin/queue-board/session');
    expect((await t.http.post('/api/v1/admin/queue-board/session')).status).toBe(401);
    expect((await t.http.post('/api/v1/admin/queue-board/session').set('Authorization', `Bearer ${await t.token('supervisor')}`)).status).toBe(403);
    expect((await t.http.post('/api/v1/admin/queue-board/session').set('X-API-Key', t.apiKey)).status).toBe(403);
    expect((await t.http.get('/admin/queues/api/queues').set('Cookie', 'tongban_queue_board=forged.token.value')).status).toBe(401);
    expect((await t.http.get('/admin/queues').set('Authorization', `Bearer ${await t.token('admin')}`)).status).toBe(401);
  });

  it('lets an admin browser in with an HttpOnly SameSite=Strict cookie on the board path, until the admin signs out', async () => {
    // given an admin's own session
    const server = t.app.getHttpServer();
    const token = await signIn(server, 'admin');

    // when the admin asks for a pass
    const pass = await request(server).post('/api/v1/admin/queue-board/session').set('Authorization', `Bearer ${token}`);

    // then a cookie limited to the board is set
    expect(pass.status).toBe(200);
    expect(pass.body).toMatchObject({ url: '/admin/queues', expiresAt: expect.any(String) });
    const setCookie = String(pass.headers['set-cookie']);
    expect(setCookie).toMatch(/^tongban_queue_board=[^;]+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0];

    // and the board and its API answer with it
    const page = await request(server).get('/admin/queues').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const queues = await request(server).get('/admin/queues/api/queues').set('Cookie', cookie);
    expect(queues.status).toBe(200);
    expect((queues.body.queues as Array<{ name: string }>).map((q) => q.name)).toEqual(expect.arrayContaining(['continuation', 'timers', 'events']));

    // when the admin signs out, the pass ends with the session
    expect((await request(server).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    expect((await request(server).get('/admin/queues/api/queues').set('Cookie', cookie)).status).toBe(401);
  });
});
