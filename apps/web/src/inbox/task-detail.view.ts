import type { Task } from '../api/api.types';
import { h } from '../dom/dom.util';

/** Whatever the task carries: a bundle step's fields, materials and certificates, else the variables it exposes. */
export function renderTaskDetail(task: Task): HTMLElement {
  const sections: HTMLElement[] = [];
  if (task.step) {
    for (const [key, value] of Object.entries(task.step)) {
      if (key === 'item' || key === 'department') continue;
      sections.push(section(key, value));
    }
  } else {
    sections.push(section('variables', task.variables));
  }
  return h('div', { class: 'task-detail' },
    h('dl', { class: 'facts' },
      fact('任务 / Task', `${task.name ?? task.elementId} (${task.elementId})`),
      fact('流程 / Process', task.processKey),
      task.step?.item ? fact('事项 / Service item', text(task.step.item)) : [],
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

const MATERIAL_STATUS: Record<string, string> = {
  exempt: '免提交 / exempt',
  pending: '待前序签发 / pending',
  issued: '已签发 / issued',
  uploaded: '已上传 / uploaded',
  deferred: '容缺后补 / deferred',
  missing: '缺少 / missing',
};

/** Columns shown for the known lists of a bundle step; other keys are rendered generically. */
const STEP_COLUMNS: Record<string, { title: string; value: (row: Record<string, unknown>) => string }[]> = {
  fields: [
    { title: '要素 / Field', value: (row) => label(row.label) || text(row.key) },
    { title: '值 / Value', value: (row) => `${text(row.value)}${row.masked ? ' (已脱敏 / masked)' : ''}` },
  ],
  materials: [
    { title: '材料 / Material', value: (row) => text(row.name) },
    { title: '状态 / Status', value: (row) => MATERIAL_STATUS[text(row.status)] ?? text(row.status) },
    { title: '证照 / 附件 Certificate / upload', value: (row) => text(row.certificateId ?? row.attachmentId ?? row.satisfiedBy) },
  ],
  certificates: [
    { title: '证照 / Certificate', value: (row) => text(row.name ?? row.type) },
    { title: '编号 / Number', value: (row) => text(row.number) },
    { title: '持有人 / Holder', value: (row) => text((row.holder as { name?: string } | undefined)?.name) },
    { title: '状态 / Status', value: (row) => text(row.status) },
  ],
};

function section(key: string, value: unknown): HTMLElement {
  const columns = STEP_COLUMNS[key];
  const body = columns && Array.isArray(value) && value.length > 0
    ? h('table', {},
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', {}, column.title)))),
      h('tbody', {}, (value as Record<string, unknown>[]).map((row) => h('tr', { 'data-key': text(row.key ?? row.id ?? row.name) }, columns.map((column) => h('td', {}, column.value(row)))))))
    : renderValue(value);
  return h('section', { class: 'detail-section', 'data-section': key }, h('h3', {}, SECTION_TITLES[key] ?? key), body);
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

/** A `{zh, en}` label as "中文 / English"; a plain string as it is. */
function label(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = value as { zh?: string; en?: string } | undefined;
  return [text?.zh, text?.en].filter(Boolean).join(' / ');
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(text).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
