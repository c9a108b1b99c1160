import type { TestApp } from './test-app';

/** Short REST calls used by the scenario specs. */
export class ApiClient {
  constructor(private readonly t: TestApp) {}

  async as(username: string): Promise<string> {
    return `Bearer ${await this.t.token(username)}`;
  }

  async deploy(xml: string, name = 'spec.bpmn') {
    const response = await this.t.http.post('/api/v1/deployments').set('Authorization', await this.as('designer')).send({ resources: [{ name, content: xml }] });
    if (response.status !== 201) throw new Error(`deploy failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; processes: { id: string; key: string; version: number }[] };
  }

  startWithKey(processKey: string, variables?: Record<string, unknown>, businessKey?: string) {
    return this.t.http.post('/api/v1/process-instances').set('X-API-Key', this.t.apiKey).send({ processKey, variables, businessKey });
  }

  async instance(id: string) {
    return (await this.t.http.get(`/api/v1/process-instances/${id}`).set('X-API-Key', this.t.apiKey)).body;
  }

  async history(id: string): Promise<{ type: string; elementId: string | null; actor?: string; at: string; data?: Record<string, unknown> }[]> {
    return (await this.t.http.get(`/api/v1/process-instances/${id}/history`).set('X-API-Key', this.t.apiKey)).body.items;
  }

  async tasks(instanceId: string, as = 'supervisor'): Promise<{ id: string; elementId: string; department: string; state: string; assignee: string | null }[]> {
    const response = await this.t.http.get(`/api/v1/tasks?processInstanceId=${instanceId}`).set('Authorization', await this.as(as));
    return response.body.items;
  }

  async complete(taskId: string, username: string, variables?: Record<string, unknown>) {
    return this.t.http.post(`/api/v1/tasks/${taskId}/complete`).set('Authorization', await this.as(username)).send({ variables });
  }

  /** Polls until `check` holds (asynchronous continuations), failing after `timeoutMs`. */
  async eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (check(value)) return value;
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
