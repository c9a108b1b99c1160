import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-client';
import type { ApplicationProgress, CaseClock, InstanceDetail, Page, Task, WarningLevel } from '../api/api.types';

/** The inbox's queues: my claimed tasks, the department's open ones, copies to me (抄送), what was done. */
export type QueueName = 'mine' | 'department' | 'copies' | 'done';

/** A task as the inbox lists it: with the case's business key, applicant and the item's time limit. */
export interface InboxRow {
  task: Task;
  businessKey: string;
  applicant: string;
  item: string;
  dueDate: string;
  warning: WarningLevel | '';
}

const QUEUE_SIZE = 100;

/** What the inbox asks GET /tasks for each queue (copies come from GET /cc). */
function queueQuery(queue: QueueName, username: string): Record<string, string | number> {
  switch (queue) {
    case 'mine': return { state: 'claimed', assignee: username };
    case 'department': return { state: 'open' };
    case 'done': return { state: 'completed' };
    default: return {};
  }
}

/**
 * The newest tasks of a queue with what a clerk searches and sorts by. A bundle case's business key
 * is its application id, which names its applicant and the clock of each item.
 * 1. the queue's tasks, newest first  2. each case once: business key, applicant, item clocks  3. one row per task.
 */
export async function loadQueue(api: ApiClient, queue: QueueName, username: string): Promise<InboxRow[]> {
  const tasks = queue === 'copies' ? await copies(api) : await newest(api, queueQuery(queue, username));
  const cases = new Map<string, Promise<CaseFacts>>();
  for (const task of tasks) if (!cases.has(task.processInstanceId)) cases.set(task.processInstanceId, caseFacts(api, task.processInstanceId));
  return Promise.all(tasks.map(async (task) => {
    const facts = await cases.get(task.processInstanceId)!;
    const clock = facts.clock?.items.find((item) => item.department === task.department) ?? null;
    return {
      task,
      businessKey: facts.businessKey,
      applicant: facts.applicant,
      item: clock?.name ?? task.name ?? task.elementId,
      dueDate: clock?.dueDate ?? '',
      warning: clock?.status ?? '',
    };
  }));
}

/** Whether the server offers copies (抄送): GET /cc answers, or 404 when the route is absent. */
export async function copiesAvailable(api: ApiClient): Promise<boolean> {
  try {
    await api.get('/cc', { limit: 1 });
    return true;
  } catch (error) {
    return !(error instanceof ApiError && error.status === 404);
  }
}

async function copies(api: ApiClient): Promise<Task[]> {
  const page = await api.get<Page<Task & { task?: Task }>>('/cc', { limit: QUEUE_SIZE });
  return page.items.map((copy) => copy.task ?? copy);
}

async function newest(api: ApiClient, query: Record<string, string | number>): Promise<Task[]> {
  const { total } = await api.get<Page<Task>>('/tasks', { ...query, limit: 1 });
  if (total === 0) return [];
  const offset = Math.max(0, total - QUEUE_SIZE);
  const page = await api.get<Page<Task>>('/tasks', { ...query, limit: QUEUE_SIZE, offset });
  return page.items.reverse();
}

interface CaseFacts {
  businessKey: string;
  applicant: string;
  clock: CaseClock | null;
}

async function caseFacts(api: ApiClient, instanceId: string): Promise<CaseFacts> {
  const instance = await api.get<InstanceDetail>(`/process-instances/${instanceId}`).catch(() => null);
  const businessKey = instance?.businessKey ?? '';
  const variable = (instance?.variables as { applicationId?: unknown } | undefined)?.applicationId;
  const applicationId = typeof variable === 'string' ? variable : isUuid(businessKey) ? businessKey : '';
  if (!applicationId) return { businessKey, applicant: '', clock: null };
  const [application, clock] = await Promise.all([
    api.get<ApplicationProgress>(`/applications/${applicationId}`).catch(() => null),
    api.get<CaseClock>(`/applications/${applicationId}/clock`).catch(() => null),
  ]);
  return { businessKey, applicant: application?.applicant.name ?? '', clock };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Rows whose business key, applicant or item contains `search`, with the warning level `warning` (any when empty). */
export function filterRows(rows: InboxRow[], search: string, warning: WarningLevel | ''): InboxRow[] {
  const needle = search.trim().toLowerCase();
  return rows.filter((row) =>
    (!warning || row.warning === warning) &&
    (!needle || [row.businessKey, row.applicant, row.item, row.task.name ?? ''].some((value) => value.toLowerCase().includes(needle))));
}
