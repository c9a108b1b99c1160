import type { Task } from '../api/api.types';
import { h } from '../dom/dom.util';

/** Whatever the task carries: a bundle step's fields, materials and certificates, else the variables it exposes. */
export function renderTaskDetail(task: Task): HTMLElement {
  const sections: HTMLElement[] = [];
  if (task.step) {
    for (const [key, value] of Object.entries(task.step)) sections.push(section(key, value));
  } else {
    sections.push(section('variables', task.variables));
  }
  return h('div', { class: 'task-detail' },
    h('dl', { class: 'facts' },
      fact('任务 / Task', `${task.name ?? task.elementId} (${task.elementId})`),
      fact('流程 / Process', task.processKey),
      fact('办件 / Case', task.processInstanceId),
      fact('部门 / Department', task.department ?? task.candidateGroups.join(', ')),
      fact('状态 / State', task.assignee ? `${task.state} · ${task.assignee}` : task.state),
    ),
    sections,
  );
}

const SECTION_TITLES: Record<string, string> = {
  variables: '流程变量 / Variables',
  fields: '表单要素 / Fields',
  materials: '申请材料 / Materials',
  certificates: '电子证照 / Certificates',
};

function section(key: string, value: unknown): HTMLElement {
  return h('section', { class: 'detail-section', 'data-section': key }, h('h3', {}, SECTION_TITLES[key] ?? key), renderValue(value));
}

/** Objects become definition lists, arrays of objects tables, anything else text. */
function renderValue(value: unknown): HTMLElement {
  if (Array.isArray(value)) {
    if (value.length === 0) return h('p', { class: 'muted' }, '无 / None');
    if (value.every((item) => item && typeof item === 'object' && !Array.isArray(item))) {
      const columns = [...new Set(value.flatMap((item) => Object.keys(item as object)))];
      return h('table', {},
        h('thead', {}, h('tr', {}, columns.map((column) => h('th', {}, column)))),
        h('tbody', {}, value.map((item) => h('tr', {}, columns.map((column) => h('td', {}, text((item as Record<string, unknown>)[column])))))));
    }
    return h('p', {}, value.map(text).join(', '));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return h('p', { class: 'muted' }, '无 / None');
    return h('dl', { class: 'facts' }, entries.flatMap(([key, item]) => fact(key, text(item))));
  }
  return h('p', {}, text(value));
}

function fact(term: string, description: string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, description)];
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
