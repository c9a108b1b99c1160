import { TestClock } from '@tongban/runtime';
import { advanceClock, type AdvanceOptions } from '../../support/advance-clock';
import { ApiClient } from '../../support/api-client';
import { untilSettled } from '../../support/barrier';
import { startTestApp, uniqueKey, type TestApp } from '../../support/test-app';

/** A Camunda 8 document as Camunda Modeler writes it (zeebe extensions, execution platform), process id unique to the test. */
export function c8(base: string, body: string, rootElements = ''): { key: string; xml: string } {
  const key = uniqueKey(base);
  return {
    key,
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  id="Definitions_${key}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.28.0"
  modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="${key}" isExecutable="true">
    ${body}
  </bpmn:process>
  ${rootElements}
</bpmn:definitions>`,
  };
}

/** A Camunda 7 document as Camunda Modeler writes it (camunda extensions, history time to live). */
export function c7(base: string, body: string, rootElements = ''): { key: string; xml: string } {
  const key = uniqueKey(base);
  return {
    key,
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  id="Definitions_${key}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.28.0"
  modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.22.0">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="180">
    ${body}
  </bpmn:process>
  ${rootElements}
</bpmn:definitions>`,
  };
}

/** Sequence flows from `a>b` pairs: `flows('start>task', 'task>end')`, ids f1, f2, … (prefix to keep them unique). */
export function flows(...pairs: string[]): string {
  return pairs.map((pair, i) => {
    const [source, target] = pair.split('>');
    return `<bpmn:sequenceFlow id="flow_${i + 1}_${source}_${target}" sourceRef="${source}" targetRef="${target}" />`;
  }).join('\n    ');
}

/** A conditional sequence flow. */
export function conditionalFlow(id: string, source: string, target: string, condition: string): string {
  const body = condition.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${body}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

/** A user task for a department's clerks, Camunda 8 style. */
export function userTask(id: string, department = 'health', extra = ''): string {
  return `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${department}" />${extra}</bpmn:extensionElements></bpmn:userTask>`;
}

/** A service task whose job type is `type`. */
export function serviceTask(id: string, type: string, retries = 3, extra = ''): string {
  return `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="${retries}" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
}

export interface Incident { id: string; processInstanceId: string; elementId: string; type: string; message: string; state: 'open' | 'resolved' }
export interface Task { id: string; elementId: string; department: string; state: string; assignee: string | null; variables?: Record<string, unknown> }
export interface Job { id: string; type: string; processInstanceId: string; elementId: string; retries: number; variables: Record<string, unknown> }

/** The REST calls of the semantics scenarios: an integrator (API key) drives instances, clerks complete tasks. */
export class Scenario {
  readonly api: ApiClient;

  constructor(readonly t: TestApp) {
    this.api = new ApiClient(t);
  }

  /** The api with its worker on a test clock: timers fire when the scenario moves the clock (`advance`). */
  static async start(): Promise<Scenario> {
    return new Scenario(await startTestApp({ clock: new TestClock() }));
  }

  /** Moves the clock by `ms` and waits until what fell due (timers) has run. */
  advance(ms: number, options?: AdvanceOptions): Promise<Date> {
    return advanceClock(this.t, ms, options);
  }

  /** The barrier before an absence check: nothing is in flight any more. */
  settled(): Promise<void> {
    return untilSettled(this.t);
  }

  close(): Promise<void> {
    return this.t.close();
  }

  post(path: string, body: Record<string, unknown> = {}) {
    return this.t.http.post(`/api/v1${path}`).set('X-API-Key', this.t.apiKey).send(body);
  }

  get(path: string) {
    return this.t.http.get(`/api/v1${path}`).set('X-API-Key', this.t.apiKey);
  }

  async deploy(doc: { xml: string }): Promise<void> {
    await this.api.deploy(doc.xml);
  }

  async deployRaw(xml: string) {
    return this.t.http.post('/api/v1/deployments').set('Authorization', await this.api.as('designer')).send({ resources: [{ name: 'model.bpmn', content: xml }] });
  }

  async start(key: string, variables: Record<string, unknown> = {}): Promise<string> {
    const response = await this.api.startWithKey(key, variables);
    if (response.status !== 201) throw new Error(`start failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  }

  instance(id: string): Promise<{ id: string; state: string; variables: Record<string, unknown>; activeElementIds: string[] }> {
    return this.api.instance(id);
  }

  /** Waits until the instance is in `state` (active, completed, incident, terminated, cancelled). */
  until(id: string, state: string, timeoutMs = 10_000) {
    return this.api.eventually(() => this.instance(id), (instance) => instance.state === state, timeoutMs);
  }

  /** Waits until the instance waits exactly at `elementIds` (any order). */
  untilActive(id: string, elementIds: string[], timeoutMs = 10_000) {
    const wanted = [...elementIds].sort().join(',');
    return this.api.eventually(() => this.instance(id), (instance) => [...instance.activeElementIds].sort().join(',') === wanted, timeoutMs);
  }

  async openTasks(id: string): Promise<Task[]> {
    return (await this.api.tasks(id)).filter((task) => task.state === 'open' || task.state === 'claimed');
  }

  /** Waits for exactly `count` open tasks of the instance. */
  untilTasks(id: string, count: number, timeoutMs = 10_000): Promise<Task[]> {
    return this.api.eventually(() => this.openTasks(id), (tasks) => tasks.length === count, timeoutMs);
  }

  /** Completes the open task at `elementId` as the clerk of its department. */
  async completeAt(id: string, elementId: string, variables: Record<string, unknown> = {}): Promise<void> {
    const task = (await this.api.eventually(() => this.openTasks(id), (tasks) => tasks.some((t) => t.elementId === elementId))).find((t) => t.elementId === elementId)!;
    const response = await this.api.complete(task.id, `clerk.${task.department}`, variables);
    if (response.status !== 200) throw new Error(`completing ${elementId} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }

  async completeTask(task: Task, variables: Record<string, unknown> = {}) {
    return this.api.complete(task.id, `clerk.${task.department}`, variables);
  }

  async message(name: string, correlationKey?: string, variables: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
    const response = await this.post('/messages', { name, ...(correlationKey !== undefined ? { correlationKey } : {}), variables, ...extra });
    if (response.status >= 300) throw new Error(`message ${name} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; correlated: string[]; started: string[]; buffered: boolean };
  }

  async signal(name: string, variables: Record<string, unknown> = {}) {
    const response = await this.post('/signals', { name, variables });
    if (response.status >= 300) throw new Error(`signal ${name} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Activates the jobs of `type`, waiting until at least `count` are handed out. */
  async activate(type: string, count = 1, timeoutMs = 10_000): Promise<Job[]> {
    const jobs: Job[] = [];
    await this.api.eventually(async () => {
      const response = await this.post('/jobs/activate', { type, maxJobs: 10, workerId: 'semantics', timeout: 60_000 });
      jobs.push(...(response.body.jobs as Job[]));
      return jobs.length;
    }, (n) => n >= count, timeoutMs);
    return jobs;
  }

  async incidents(id: string, state: 'open' | 'resolved' = 'open'): Promise<Incident[]> {
    return (await this.get(`/incidents?processInstanceId=${id}&state=${state}`)).body.items;
  }

  untilIncident(id: string, timeoutMs = 10_000): Promise<Incident> {
    return this.api.eventually(() => this.incidents(id), (items) => items.length > 0, timeoutMs).then((items) => items[0]);
  }

  async resolve(incidentId: string, body: Record<string, unknown> = {}) {
    const response = await this.post(`/incidents/${incidentId}/resolve`, body);
    if (response.status !== 200) throw new Error(`resolve failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  setVariables(id: string, variables: Record<string, unknown>, method: 'put' | 'patch' = 'patch') {
    return this.t.http[method](`/api/v1/process-instances/${id}/variables`).set('X-API-Key', this.t.apiKey).send({ variables });
  }

  history(id: string) {
    return this.api.history(id);
  }

  /** The element ids of the history events of `type`, in order. */
  async historyOf(id: string, type: string): Promise<string[]> {
    return (await this.history(id)).filter((event) => event.type === type).map((event) => event.elementId ?? '');
  }

  async children(parentId: string): Promise<{ id: string; processKey: string; state: string; parentId: string }[]> {
    return (await this.get(`/process-instances?parentId=${parentId}`)).body.items;
  }
}

/** An hour in milliseconds, for moving the clock. */
export const HOUR = 3600_000;
