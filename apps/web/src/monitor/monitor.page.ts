import type { DefinitionDetail, HistoryItem, Instance, InstanceDetail, Page } from '../api/api.types';
import { INSTANCE_STATES } from '../api/api.types';
import { formatTime, h, mount, notice, shortId } from '../dom/dom.util';
import type { PageDefinition } from '../shell/page';
import { InstanceDiagram } from './instance-diagram.view';

const STATE_LABELS: Record<string, string> = {
  active: '运行中 / Active',
  completed: '已办结 / Completed',
  terminated: '已终止 / Terminated',
  cancelled: '已撤销 / Cancelled',
  incident: '异常 / Incident',
};

/** Monitor: instances filtered by state; one instance's diagram with its active elements, variables and history. */
export const monitorPage: PageDefinition = {
  path: 'monitor',
  title: '监察 / Monitor',
  roles: ['supervisor', 'admin'],
  async render(root, ctx) {
    const stateSelect = h('select', { name: 'state' },
      h('option', { value: '' }, '全部 / All'),
      INSTANCE_STATES.map((state) => h('option', { value: state }, STATE_LABELS[state])));
    stateSelect.value = ctx.query.get('state') ?? '';
    const businessKeyInput = h('input', { name: 'businessKey', type: 'search', placeholder: '业务号 / Business key' });
    businessKeyInput.value = ctx.query.get('businessKey') ?? '';
    const list = h('div', { class: 'instance-list' });
    const detail = h('section', { class: 'detail', 'data-testid': 'instance-detail' }, h('p', { class: 'muted' }, '选择一个办件 / Pick a case'));
    mount(root,
      h('section', { class: 'list-pane' },
        h('div', { class: 'toolbar' }, h('h2', {}, '办件 / Cases'), stateSelect, businessKeyInput),
        list),
      detail);
    let diagram: InstanceDiagram | null = null;
    const filters = (instance?: string) => query({ state: stateSelect.value, businessKey: businessKeyInput.value.trim(), instance });

    const load = async () => {
      try {
        const page = await ctx.api.get<Page<Instance>>('/process-instances', { state: stateSelect.value, businessKey: businessKeyInput.value.trim(), limit: 100 });
        mount(list,
          h('table', { class: 'instances' },
            h('thead', {}, h('tr', {}, h('th', {}, '办件 / Case'), h('th', {}, '流程 / Process'), h('th', {}, '业务号 / Business key'), h('th', {}, '状态 / State'), h('th', {}, '开始 / Started'))),
            h('tbody', {}, page.items.map((instance) => h('tr', { 'data-instance-id': instance.id, class: 'clickable', onclick: () => ctx.navigate(`monitor?${filters(instance.id)}`) },
              h('td', {}, shortId(instance.id)), h('td', {}, `${instance.processKey} v${instance.version}`), h('td', {}, instance.businessKey ?? '—'),
              h('td', {}, h('span', { class: `state state-${instance.state}` }, STATE_LABELS[instance.state] ?? instance.state)), h('td', {}, formatTime(instance.startedAt)))))),
          h('p', { class: 'muted small' }, `共 ${page.total} 个 / ${page.total} in total`));
      } catch (error) {
        mount(list, notice('error', (error as Error).message));
      }
    };

    const open = async (id: string) => {
      diagram?.destroy();
      const canvasHost = h('div', { class: 'canvas viewer', 'data-testid': 'instance-diagram' });
      const [instance, history] = await Promise.all([
        ctx.api.get<InstanceDetail>(`/process-instances/${id}`),
        ctx.api.get<{ items: HistoryItem[] }>(`/process-instances/${id}/history`),
      ]);
      mount(detail,
        h('h2', {}, `${instance.processKey} v${instance.version} · ${shortId(instance.id)}`),
        h('p', {}, h('span', { class: `state state-${instance.state}` }, STATE_LABELS[instance.state] ?? instance.state),
          ` 活动节点 / Active: `, h('span', { class: 'active-ids' }, instance.activeElementIds.join(', ') || '—')),
        canvasHost,
        h('h3', {}, '流程变量 / Variables'),
        h('pre', { class: 'variables' }, JSON.stringify(instance.variables, null, 2)),
        h('h3', {}, '历史 / History'),
        renderHistory(history.items));
      diagram = new InstanceDiagram(canvasHost);
      const definition = await ctx.api.get<DefinitionDetail>(`/process-definitions/${instance.definitionId}`);
      const left = history.items.filter((item) => item.type === 'element.left' && item.elementId).map((item) => item.elementId!);
      await diagram.show(definition.xml, instance.activeElementIds, left);
      canvasHost.dataset.rendered = 'true';
    };

    stateSelect.addEventListener('change', () => ctx.navigate(`monitor?${filters()}`));
    businessKeyInput.addEventListener('change', () => ctx.navigate(`monitor?${filters()}`));
    await load();
    const instanceId = ctx.query.get('instance');
    if (instanceId) {
      try {
        await open(instanceId);
      } catch (error) {
        mount(detail, notice('error', (error as Error).message));
      }
    }
    return () => diagram?.destroy();
  },
};

function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  return params.toString();
}

function renderHistory(items: HistoryItem[]): HTMLElement {
  return h('table', { class: 'history' },
    h('thead', {}, h('tr', {}, h('th', {}, '时间 / At'), h('th', {}, '事件 / Event'), h('th', {}, '节点 / Element'), h('th', {}, '操作人 / Actor'))),
    h('tbody', {}, items.map((item) => h('tr', {},
      h('td', {}, formatTime(item.at)), h('td', {}, item.type), h('td', {}, item.elementId ?? '—'), h('td', {}, item.actor ?? '—')))));
}

