import type { Page, Task } from '../api/api.types';
import { h, formatTime, mount, notice, shortId } from '../dom/dom.util';
import type { PageContext, PageDefinition } from '../shell/page';
import { renderTaskDetail } from './task-detail.view';

const PAGE_SIZE = 50;

/** Inbox: the department's open and claimed tasks, newest first; open one, claim it, approve or reject it. */
export const inboxPage: PageDefinition = {
  path: 'inbox',
  title: '待办 / Inbox',
  roles: ['clerk'],
  async render(root, ctx) {
    const list = h('div', { class: 'task-list' });
    const detail = h('section', { class: 'detail', 'data-testid': 'task-detail' }, h('p', { class: 'muted' }, '选择一项待办 / Pick a task'));
    const stateSelect = h('select', { name: 'state' },
      h('option', { value: 'open' }, '待领取 / Open'),
      h('option', { value: 'claimed' }, '已领取 / Claimed'),
      h('option', { value: 'completed' }, '已办结 / Completed'));
    stateSelect.value = ctx.query.get('state') ?? 'open';
    const refresh = h('button', { 'data-action': 'refresh' }, '刷新 / Refresh');
    mount(root,
      h('section', { class: 'list-pane' },
        h('div', { class: 'toolbar' }, h('h2', {}, `${ctx.session.user?.department ?? ''} 待办 / Tasks`), stateSelect, refresh),
        list),
      detail);

    let pageIndex = 0;
    const load = async () => {
      mount(list, h('p', { class: 'muted' }, '加载中… / Loading…'));
      try {
        const tasks = await newestTasks(ctx, stateSelect.value, pageIndex);
        const pages = Math.max(1, Math.ceil(tasks.total / PAGE_SIZE));
        const go = (index: number) => { pageIndex = index; void load(); };
        mount(list, tasks.items.length === 0
          ? h('p', { class: 'muted empty' }, '没有待办 / No tasks')
          : h('table', { class: 'tasks' },
            h('thead', {}, h('tr', {}, h('th', {}, '任务 / Task'), h('th', {}, '流程 / Process'), h('th', {}, '办件 / Case'), h('th', {}, '创建 / Created'), h('th', {}, '办理人 / Assignee'))),
            h('tbody', {}, tasks.items.map((task) => h('tr', { 'data-task-id': task.id, class: 'clickable', onclick: () => void open(task.id) },
              h('td', {}, task.name ?? task.elementId), h('td', {}, task.processKey), h('td', {}, shortId(task.processInstanceId)),
              h('td', {}, formatTime(task.createdAt)), h('td', {}, task.assignee ?? '—'))))),
          h('div', { class: 'pager muted small' },
            pageIndex > 0 ? h('button', { class: 'link', 'data-action': 'newer', onclick: () => go(pageIndex - 1) }, '← 较新 / Newer') : null,
            `第 ${pageIndex + 1}/${pages} 页 · 共 ${tasks.total} 项 / page ${pageIndex + 1} of ${pages}, ${tasks.total} in total`,
            pageIndex + 1 < pages ? h('button', { class: 'link', 'data-action': 'older', onclick: () => go(pageIndex + 1) }, '较早 / Older →') : null));
      } catch (error) {
        mount(list, notice('error', (error as Error).message));
      }
    };

    const act = async (task: Task, action: string, body?: unknown, done?: string) => {
      try {
        await ctx.api.post<Task>(`/tasks/${task.id}/${action}`, body);
        if (action === 'complete') mount(detail, notice('ok', done ?? '已办结 / Completed'));
        else await open(task.id);
        await load();
      } catch (error) {
        detail.prepend(notice('error', (error as Error).message));
      }
    };

    const open = async (id: string) => {
      try {
        const task = await ctx.api.get<Task>(`/tasks/${id}`);
        const mine = task.assignee === ctx.session.user?.username;
        const active = task.state === 'open' || task.state === 'claimed';
        const opinion = h('textarea', { name: 'comment', maxlength: '2000', placeholder: '审批意见 / Opinion' }) as HTMLTextAreaElement;
        const decide = (decision: string) => ({ decision, ...(opinion.value.trim() ? { comment: opinion.value.trim() } : {}) });
        mount(detail,
          h('h2', {}, task.name ?? task.elementId),
          renderTaskDetail(task),
          active ? h('div', { class: 'actions' },
            task.state === 'open' ? h('button', { 'data-action': 'claim', onclick: () => void act(task, 'claim') }, '领取 / Claim') : null,
            task.state === 'claimed' && mine ? h('button', { 'data-action': 'unclaim', onclick: () => void act(task, 'unclaim') }, '退回队列 / Unclaim') : null,
            opinion,
            h('button', { class: 'primary', 'data-action': 'approve', onclick: () => void act(task, 'complete', decide('approve'), '已通过 / Approved') }, '通过 / Approve'),
            h('button', { class: 'danger', 'data-action': 'reject', onclick: () => void act(task, 'complete', decide('reject'), '已驳回 / Rejected') }, '驳回 / Reject'),
          ) : null);
        detail.dataset.taskId = task.id;
      } catch (error) {
        mount(detail, notice('error', (error as Error).message));
      }
    };

    stateSelect.addEventListener('change', () => { pageIndex = 0; void load(); });
    refresh.addEventListener('click', () => void load());
    await load();
    const taskId = ctx.query.get('task');
    if (taskId) await open(taskId);
  },
};

/**
 * Page `pageIndex` (0 = newest) of the tasks in `state`, newest first. The API lists oldest first, so
 * 1. read the total  2. read the slice counted from the end  3. reverse it.
 */
async function newestTasks(ctx: PageContext, state: string, pageIndex: number): Promise<Page<Task>> {
  const { total } = await ctx.api.get<Page<Task>>('/tasks', { state, limit: 1 });
  const end = Math.max(0, total - pageIndex * PAGE_SIZE);
  const offset = Math.max(0, end - PAGE_SIZE);
  if (end === 0) return { items: [], total };
  const page = await ctx.api.get<Page<Task>>('/tasks', { state, limit: end - offset, offset });
  return { items: page.items.reverse(), total: page.total };
}
