import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-client';
import type { ApplicationProgress, CaseClock, InstanceDetail, Page, Task, TaskCopy, WarningLevel } from '../api/api.types';

/** The inbox's queues: my claimed tasks, the department's open ones, copies to me (抄送), what was done. */
export type QueueName = 'mine' | 'department' | 'copies' | 'done';

/** A task (or a copy of one, 抄送) as the inbox lists it: with the case's business key, applicant and the step's time limit. */
export interface InboxRow {
  /** The task's id; for a copy, the copied task's. */
  id: string;
  name: string;
  createdAt: string;
  state: string;
  task: Task | null;
  copy: TaskCopy | null;
  businessKey: string;
  applicant: string;
  item: string;
  /** The promised due date (YYYY-MM-DD), empty without a clock. */
  dueDate: string;
  /** Days left to it in the limit's unit, negative when overdue; null without a clock. */
  remainingDays: number | null;
  /** Hours left of an hour limit (秒办/即办), negative when overdue; null for a day limit. */
  remainingHours: number | null;
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
  if (queue === 'copies') return copies(api);
  const tasks = await newest(api, queueQuery(queue, username));
  const cases = new Map<string, Promise<CaseFacts>>();
  for (const task of tasks) if (!cases.has(task.processInstanceId)) cases.set(task.processInstanceId, caseFacts(api, task.processInstanceId));
  return Promise.all(tasks.map(async (task) => taskRow(task, await cases.get(task.processInstanceId)!)));
}

/** A task's row: its own clock (dueAt, clockStatus) when it has one, else its item's clock in the case. */
function taskRow(task: Task, facts: CaseFacts): InboxRow {
  const clock = facts.clock?.items.find((item) => item.department === task.department) ?? null;
  return {
    id: task.id, name: task.name ?? task.elementId, createdAt: task.createdAt, state: task.state, task, copy: null,
    businessKey: facts.businessKey,
    applicant: facts.applicant,
    item: clock?.name ?? task.name ?? task.elementId,
    dueDate: task.dueAt ? (task.remainingHours != null ? beijingMinute(task.dueAt) : beijingDate(task.dueAt)) : clock?.dueDate ?? '',
    remainingDays: task.dueAt ? task.remainingDays ?? null : null,
    remainingHours: task.dueAt ? task.remainingHours ?? null : null,
    warning: task.dueAt && task.clockStatus ? task.clockStatus : clock?.status ?? '',
  };
}

/** The minute (Beijing time, `YYYY-MM-DD HH:MM`) of an instant: the due instant of an hour limit. */
export function beijingMinute(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** What is left of a row's clock, in hours for an hour limit, else in days; null without a clock. */
export function remainingOf(row: InboxRow | null | undefined): { key: 'inbox.remaining' | 'inbox.remainingHours'; params: Record<string, number> } | null {
  if (row?.remainingHours != null) return { key: 'inbox.remainingHours', params: { hours: row.remainingHours } };
  return row?.remainingDays != null ? { key: 'inbox.remaining', params: { days: row.remainingDays } } : null;
}

/** The calendar day (Beijing time) of an instant: due dates are working days of the service calendar. */
export function beijingDate(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);
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

/** The caller's copies (抄送), newest first, each with the copied task's name and state and the case's masked applicant. */
async function copies(api: ApiClient): Promise<InboxRow[]> {
  const page = await api.get<Page<TaskCopy>>('/cc', { limit: QUEUE_SIZE });
  return page.items.map((copy) => ({
    id: copy.taskId, name: copy.taskName ?? copy.elementId, createdAt: copy.sentAt, state: copy.taskState, task: null, copy,
    businessKey: copy.case?.applicationId ?? '',
    applicant: copy.case?.applicant.name ?? '',
    item: copy.taskName ?? copy.elementId,
    dueDate: '', remainingDays: null, remainingHours: null, warning: '',
  }));
}

/** The QUEUE_SIZE newest tasks, newest first: one request however long the queue (no count, no deep offset). */
async function newest(api: ApiClient, query: Record<string, string | number>): Promise<Task[]> {
  return (await api.get<Page<Task>>('/tasks', { ...query, limit: QUEUE_SIZE, order: 'desc' })).items;
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

/** Rows whose business key, applicant or item contains `search`, with the warning level `warning` and due by `dueBy` (any when empty). */
export function filterRows(rows: InboxRow[], search: string, warning: WarningLevel | '', dueBy = ''): InboxRow[] {
  const needle = search.trim().toLowerCase();
  return rows.filter((row) =>
    (!warning || row.warning === warning) &&
    (!dueBy || (!!row.dueDate && row.dueDate <= dueBy)) &&
    (!needle || [row.businessKey, row.applicant, row.item, row.name].some((value) => value.toLowerCase().includes(needle))));
}
