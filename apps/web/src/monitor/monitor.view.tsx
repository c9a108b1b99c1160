import { defineComponent, onMounted, reactive, ref, watch } from 'vue';
import { ElAlert, ElButton, ElFormItem, ElInput, ElPagination, ElRadioButton, ElRadioGroup, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { INSTANCE_STATES, type Instance, type Page } from '../api/api.types';
import { formatTime, t, tOr } from '../i18n/i18n';
import { navigate, route, routeTo } from '../shell/hash-router';
import { api } from '../session/staff';
import { InstanceView } from './instance.view';
import { SubmitForm } from '../shell/submit-form.view';

const PAGE_SIZE = 20;
const FILTERS = ['businessKey', 'state', 'processKey', 'department', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Monitor (监察): cases searched by part of the business key, state, process, department and start date, paged; one opened beside the list. */
export const MonitorView = defineComponent({
  name: 'MonitorView',
  setup() {
    const filters = reactive<Filters>(Object.fromEntries(FILTERS.map((name) => [name, route.query.get(name) ?? ''])) as Filters);
    const page = ref(Number(route.query.get('page') ?? '1') || 1);
    const result = ref<Page<Instance>>({ items: [], total: 0 });
    const error = ref('');
    const loading = ref(false);

    const load = async () => {
      loading.value = true;
      error.value = '';
      try {
        result.value = await api.get<Page<Instance>>('/process-instances', {
          businessKeyContains: filters.businessKey.trim(), state: filters.state, processKey: filters.processKey.trim(), department: filters.department.trim(),
          startedFrom: filters.from, startedBefore: filters.to ? nextDay(filters.to) : undefined,
          limit: PAGE_SIZE, offset: (page.value - 1) * PAGE_SIZE,
        });
      } catch (failure) {
        error.value = (failure as Error).message;
      } finally {
        loading.value = false;
      }
    };
    const go = (instance?: string) => navigate(routeTo('monitor', { ...filters, page: page.value > 1 ? page.value : undefined, instance }));
    const search = (event?: Event) => {
      event?.preventDefault();
      page.value = 1;
      go();
      void load();
    };
    watch(page, () => { go(route.query.get('instance') ?? undefined); void load(); });
    onMounted(load);

    const input = (name: keyof Filters, type = 'text') => (
      <ElFormItem label={t(`monitor.filter.${name}`)} for={`filter-${name}`}>
        <ElInput id={`filter-${name}`} name={name} type={type} clearable={type === 'text'} modelValue={filters[name]} onUpdate:modelValue={(value: string) => (filters[name] = value)} onChange={() => search()} />
      </ElFormItem>
    );

    return () => {
      const selected = route.query.get('instance');
      return (
        <main class="page page-monitor">
          <section class="list-pane" aria-labelledby="monitor-title">
            <h2 id="monitor-title">{t('monitor.cases')}</h2>
            <SubmitForm class="filters" inline labelPosition="top" onSubmit={search}>
              {input('businessKey')}
              {input('processKey')}
              {input('department')}
              {input('from', 'date')}
              {input('to', 'date')}
              <ElFormItem label={t('monitor.filter.state')}>
                <ElRadioGroup size="small" modelValue={filters.state} aria-label={t('monitor.filter.state')} onUpdate:modelValue={(value: string | number | boolean | undefined) => { filters.state = String(value ?? ''); search(); }}>
                  <ElRadioButton value="">{t('common.all')}</ElRadioButton>
                  {INSTANCE_STATES.map((state) => <ElRadioButton value={state} data-state={state}>{t(`instanceState.${state}`)}</ElRadioButton>)}
                </ElRadioGroup>
              </ElFormItem>
              <ElFormItem label=" "><ElButton type="primary" nativeType="submit" data-action="search">{t('common.search')}</ElButton></ElFormItem>
            </SubmitForm>
            {error.value ? <ElAlert type="error" title={error.value} closable={false} /> : null}
            <ElTable data={result.value.items} class="instances" emptyText={loading.value ? t('common.loading') : t('monitor.empty')} onRow-click={(row: Instance) => go(row.id)}
              rowClassName={({ row }: { row: Instance }) => (row.id === selected ? 'selected-row' : '')}>
              <ElTableColumn label={t('monitor.businessKey')} minWidth={140}>{{
                default: ({ row }: { row: Instance }) => <a href={`#/${routeTo('monitor', { ...filters, instance: row.id })}`} data-instance-id={row.id}>{row.businessKey ?? row.id.slice(0, 8)}</a>,
              }}</ElTableColumn>
              <ElTableColumn label={t('monitor.process')} minWidth={150}>{{ default: ({ row }: { row: Instance }) => `${row.processKey} v${row.version}` }}</ElTableColumn>
              <ElTableColumn label={t('monitor.state')} minWidth={90}>{{ default: ({ row }: { row: Instance }) => <ElTag type={row.state === 'incident' ? 'danger' : row.state === 'active' ? 'primary' : 'info'} class={`state state-${row.state}`}>{tOr(`instanceState.${row.state}`, row.state)}</ElTag> }}</ElTableColumn>
              <ElTableColumn label={t('monitor.started')} minWidth={150}>{{ default: ({ row }: { row: Instance }) => formatTime(row.startedAt) }}</ElTableColumn>
            </ElTable>
            <ElPagination class="pager" layout="total, prev, pager, next" total={result.value.total} pageSize={PAGE_SIZE} currentPage={page.value} onUpdate:current-page={(value: number) => (page.value = value)} />
          </section>
          {selected ? <InstanceView instanceId={selected} onChanged={() => void load()} /> : <section class="detail" data-testid="instance-detail"><p class="muted">{t('monitor.pick')}</p></section>}
        </main>
      );
    };
  },
});

/** The day after an ISO date: "to 2026-03-31" includes that whole day. */
function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
