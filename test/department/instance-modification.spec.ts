import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('admin modification of a running instance', () => {
  const { t, api } = useTestApp();

  const keyOf = async (id: string, elementId: string) => (await api.history(id)).filter((h) => h.type === 'task.created' && h.elementId === elementId).at(-1) as unknown as { elementKey: string };

  it('moves the case from acceptance to review in one audited transaction', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const { elementKey } = await keyOf(id, 'acceptance');

    // when
    const response = await t.http.post(`/api/v1/process-instances/${id}/modification`).set('Authorization', await api.as('admin'))
      .send({ activate: [{ elementId: 'review' }], cancel: [{ elementKey }], comment: '受理环节已线下办结' });

    // then
    expect(response.status).toBe(200);
    expect(Object.keys(await open())).toEqual(['review']);
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('admin'))).body.state).toBe('cancelled');
    const history = await api.history(id);
    expect(history.find((h) => h.type === 'instance.modification')).toMatchObject({ actor: 'admin', data: { comment: '受理环节已线下办结', instructions: [{ activateBefore: 'review' }, { cancel: elementKey }] } });
    expect(history.filter((h) => h.type === 'instance.modified')).toHaveLength(2);
  });

  it('refuses a clerk (403), an unknown element (404), nothing to do (400), and changes nothing', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const { elementKey } = await keyOf(id, 'acceptance');
    const send = async (user: string, body: object) => t.http.post(`/api/v1/process-instances/${id}/modification`).set('Authorization', await api.as(user)).send(body);

    // when / then
    expect((await send('clerk.market-regulation', { activate: [{ elementId: 'review' }] })).status).toBe(403);
    const unknown = await send('admin', { activate: [{ elementId: 'review' }, { elementId: 'nowhere' }], cancel: [{ elementKey }] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ELEMENT_NOT_FOUND');
    expect((await send('admin', {})).body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(await open())).toEqual(['acceptance']);
    expect((await api.history(id)).some((h) => h.type === 'instance.modification' || h.type === 'instance.modified')).toBe(false);
  });
});
