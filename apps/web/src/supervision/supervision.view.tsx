import { computed, defineComponent, onMounted, reactive, ref } from 'vue';
import { ElAlert, ElButton, ElFormItem, ElInput, ElPagination, ElRadioButton, ElRadioGroup, ElTable, ElTableColumn } from 'element-plus';
import type { Directive, Page, SupervisedCase, SupervisionStats, SupervisionStatsGroup } from '../api/api.types';
import { formatTime, localized, t } from '../i18n/i18n';
import { WarningTag } from '../inbox/warning-tag.view';
import { navigate, route, routeTo } from '../shell/hash-router';
import { SubmitForm } from '../shell/submit-form.view';
import { api } from '../session/staff';
import { BarChart } from './bar-chart.view';
import { DirectiveDialog } from './directive-dialog.view';
import './supervision.css';
import { onTimeFigures, percent, ratingFigures, totals, warningFigures } from './supervision-figures';

const PAGE_SIZE = 10;
const STATUSES = ['yellow', 'red', 'overdue'] as const;
/** Periods are whole days of Beijing time, as the service calendars count them. */
const ZONE = '+08:00';

/** Today and the first of its month as ISO dates, in the browser's calendar. */
function thisMonth(): { from: string; to: string } {
  const today = new Date();
  const iso = (day: Date) => `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  return { from: iso(new Date(today.getFullYear(), today.getMonth(), 1)), to: iso(today) };
}

/** The day after an ISO date: a period "to 2026-10-31" includes that whole day. */
function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The supervision dashboard (电子监察) for supervisors and admins: the period's figures per department
 * or item as charts (on-time rate, warnings, ratings) and as a table, the warned cases worst first,
 * and the 督办 directive issued from a case.
 */
export const SupervisionView = defineComponent({
  name: 'SupervisionView',
  setup() {
    const period = reactive({ ...thisMonth(), groupBy: 'department' as 'department' | 'item' });
    for (const key of ['from', 'to'] as const) if (/^\d{4}-\d{2}-\d{2}$/.test(route.query.get(key) ?? '')) period[key] = route.query.get(key)!;
    if (route.query.get('groupBy') === 'item') period.groupBy = 'item';
    const caseFilter = reactive({ status: '' as '' | (typeof STATUSES)[number], department: '' });
    const stats = ref<SupervisionStats | null>(null);
    const cases = ref<Page<SupervisedCase>>({ items: [], total: 0 });
    const page = ref(1);
    const error = ref('');
    /** The departments the last directive went to, told in the current language. */
    const directedTo = ref<string[]>([]);
    const directing = ref<SupervisedCase | null>(null);
    const groups = computed<SupervisionStatsGroup[]>(() => stats.value?.groups ?? []);
    const sums = computed(() => totals(groups.value));
    const names = ref<{ department: Record<string, unknown>; item: Record<string, unknown> }>({ department: {}, item: {} });
    /** A department's or item's name in the current language, its code when the catalogue does not name it. */
    const nameOf = (kind: 'department' | 'item', code: string) => localized(names.value[kind][code]) || code;
    const label = (key: string) => nameOf(period.groupBy, key);
    const onTime = computed(() => onTimeFigures(groups.value, label));
    const warnings = computed(() => warningFigures(groups.value, label));
    const ratings = computed(() => ratingFigures(groups.value, label));

    const loadStats = async () => {
      error.value = '';
      try {
        stats.value = await api.get<SupervisionStats>('/supervision/stats', { groupBy: period.groupBy, from: `${period.from}T00:00:00${ZONE}`, to: `${nextDay(period.to)}T00:00:00${ZONE}` });
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    const loadCases = async () => {
      try {
        cases.value = await api.get<Page<SupervisedCase>>('/supervision/cases', {
          status: caseFilter.status, department: caseFilter.department.trim(), limit: PAGE_SIZE, offset: (page.value - 1) * PAGE_SIZE,
        });
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    const applyPeriod = () => {
      navigate(routeTo('supervision', period));
      void loadStats();
    };
    const searchCases = () => {
      page.value = 1;
      void loadCases();
    };
    const directed = (directives: Directive[]) => {
      directing.value = null;
      directedTo.value = directives.map((directive) => directive.department);
      void loadStats();
    };
    const loadNames = async () => {
      const list = (path: string) => api.get<{ items: { code: string; name: unknown }[] }>(path).then((page) => page.items).catch(() => []);
      const [departments, items] = await Promise.all([list('/departments'), list('/catalog/items')]);
      names.value = {
        department: Object.fromEntries(departments.map((department) => [department.code, department.name])),
        item: Object.fromEntries(items.map((item) => [item.code, item.name])),
      };
    };
    onMounted(() => Promise.all([loadNames().then(loadStats), loadCases()]));

    const dateInput = (key: 'from' | 'to') => (
      <ElFormItem label={t(`supervision.${key}`)} for={`period-${key}`}>
        <ElInput id={`period-${key}`} name={key} type="date" modelValue={period[key]} onUpdate:modelValue={(value: string) => (period[key] = value)} />
      </ElFormItem>
    );
    const figure = (name: string, label: string, value: string | number) => (
      <div class="figure" data-figure={name}><dt>{label}</dt><dd>{value}</dd></div>
    );
    const rate = (value: number | null) => (value === null ? '—' : `${percent(value)}%`);

    const renderFigures = () => (
      <ElTable data={groups.value} size="small" class="stats-table" rowKey="key" emptyText={t('supervision.noFigures')}
        rowClassName={({ row }: { row: SupervisionStatsGroup }) => `group-${row.key}`}>
        <ElTableColumn label={t(`supervision.groupBy.${period.groupBy}`)} minWidth={130}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => <span data-group={row.key}>{label(row.key)}{label(row.key) !== row.key ? <span class="muted small"> {row.key}</span> : null}</span> }}</ElTableColumn>
        <ElTableColumn label={t('supervision.tasks')} prop="tasks" />
        <ElTableColumn label={t('supervision.finished')} prop="finished" />
        <ElTableColumn label={t('supervision.onTimeRate')} minWidth={100}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => <span data-cell="onTimeRate">{rate(row.onTimeRate)}</span> }}</ElTableColumn>
        <ElTableColumn label={t('warning.yellow')}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => <span data-cell="yellow">{row.yellow}</span> }}</ElTableColumn>
        <ElTableColumn label={t('warning.red')}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => <span data-cell="red">{row.red}</span> }}</ElTableColumn>
        <ElTableColumn label={t('warning.overdue')}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => <span data-cell="overdue">{row.overdue}</span> }}</ElTableColumn>
        <ElTableColumn label={t('supervision.averageDays')} minWidth={100}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => row.averageWorkingDays ?? '—' }}</ElTableColumn>
        <ElTableColumn label={t('supervision.pauses')} prop="pauses" />
        <ElTableColumn label={t('supervision.ratings')} prop="ratings" />
        <ElTableColumn label={t('supervision.averageRating')} minWidth={90}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => row.averageRating ?? '—' }}</ElTableColumn>
        <ElTableColumn label={t('supervision.openFollowUps')} prop="openFollowUps" minWidth={90} />
        <ElTableColumn label={t('supervision.unansweredDirectives')} minWidth={110}>{{ default: ({ row }: { row: SupervisionStatsGroup }) => <span data-cell="unansweredDirectives">{row.unansweredDirectives}</span> }}</ElTableColumn>
      </ElTable>
    );

    const renderCases = () => (
      <section class="detail-section" data-section="cases" aria-labelledby="cases-title">
        <h3 id="cases-title">{t('supervision.cases')}</h3>
        <SubmitForm inline labelPosition="top" class="filters" onSubmit={() => searchCases()}>
          <ElFormItem label={t('supervision.status')}>
            <ElRadioGroup size="small" modelValue={caseFilter.status} aria-label={t('supervision.status')}
              onUpdate:modelValue={(value: string | number | boolean | undefined) => { caseFilter.status = String(value ?? '') as typeof caseFilter.status; searchCases(); }}>
              <ElRadioButton value="">{t('common.all')}</ElRadioButton>
              {STATUSES.map((status) => <ElRadioButton value={status} data-status={status}>{t(`warning.${status}`)}</ElRadioButton>)}
            </ElRadioGroup>
          </ElFormItem>
          <ElFormItem label={t('supervision.department')} for="cases-department">
            <ElInput id="cases-department" name="department" clearable modelValue={caseFilter.department} onUpdate:modelValue={(value: string) => (caseFilter.department = value)} onChange={() => searchCases()} />
          </ElFormItem>
          <ElFormItem label=" "><ElButton nativeType="submit" data-action="search-cases">{t('common.search')}</ElButton></ElFormItem>
        </SubmitForm>
        <ElTable data={cases.value.items} size="small" class="supervised-cases" emptyText={t('supervision.noCases')}
          rowClassName={({ row }: { row: SupervisedCase }) => `case-${row.status}`}>
          <ElTableColumn label={t('supervision.case')} minWidth={150}>{{
            default: ({ row }: { row: SupervisedCase }) => <a href={`#/${routeTo('monitor', { instance: row.processInstanceId })}`} data-instance-id={row.processInstanceId} data-application-id={row.applicationId ?? ''}>{row.bundleCode ?? row.processInstanceId.slice(0, 8)}</a>,
          }}</ElTableColumn>
          <ElTableColumn label={t('supervision.applicant')} minWidth={150}>{{ default: ({ row }: { row: SupervisedCase }) => <span class="applicant">{row.applicant ? `${row.applicant.name} ${row.applicant.code}` : '—'}</span> }}</ElTableColumn>
          <ElTableColumn label={t('supervision.status')} minWidth={80}>{{ default: ({ row }: { row: SupervisedCase }) => <WarningTag level={row.status} /> }}</ElTableColumn>
          <ElTableColumn label={t('supervision.dueAt')} minWidth={150}>{{ default: ({ row }: { row: SupervisedCase }) => formatTime(row.dueAt) }}</ElTableColumn>
          <ElTableColumn label={t('supervision.department')} minWidth={120}>{{ default: ({ row }: { row: SupervisedCase }) => row.departments.map((code) => nameOf('department', code)).join('、') }}</ElTableColumn>
          <ElTableColumn label={t('supervision.items')} minWidth={120}>{{ default: ({ row }: { row: SupervisedCase }) => row.items.map((code) => nameOf('item', code)).join('、') }}</ElTableColumn>
          <ElTableColumn label={t('monitor.actions')} minWidth={90}>{{
            default: ({ row }: { row: SupervisedCase }) => row.applicationId
              ? <ElButton size="small" type="warning" data-action="direct" data-application-id={row.applicationId} onClick={() => (directing.value = row)}>{t('supervision.direct')}</ElButton>
              : <span>—</span>,
          }}</ElTableColumn>
        </ElTable>
        <ElPagination class="pager" layout="total, prev, pager, next" total={cases.value.total} pageSize={PAGE_SIZE} currentPage={page.value}
          onUpdate:current-page={(value: number) => { page.value = value; void loadCases(); }} />
      </section>
    );

    return () => (
      <main class="page page-supervision" data-loaded={stats.value ? 'true' : 'false'}>
        <h2 id="supervision-title">{t('supervision.title')}</h2>
        <SubmitForm inline labelPosition="top" class="filters period" onSubmit={() => applyPeriod()}>
          {dateInput('from')}
          {dateInput('to')}
          <ElFormItem label={t('supervision.groupBy')}>
            <ElRadioGroup size="small" modelValue={period.groupBy} aria-label={t('supervision.groupBy')}
              onUpdate:modelValue={(value: string | number | boolean | undefined) => { period.groupBy = value === 'item' ? 'item' : 'department'; applyPeriod(); }}>
              <ElRadioButton value="department">{t('supervision.groupBy.department')}</ElRadioButton>
              <ElRadioButton value="item">{t('supervision.groupBy.item')}</ElRadioButton>
            </ElRadioGroup>
          </ElFormItem>
          <ElFormItem label=" "><ElButton type="primary" nativeType="submit" data-action="apply-period">{t('common.search')}</ElButton></ElFormItem>
        </SubmitForm>
        {directedTo.value.length > 0 ? <ElAlert type="success" title={t('supervision.directed', { departments: directedTo.value.map((code) => nameOf('department', code)).join('、') })} closable={false} class="notice-ok" /> : null}
        {error.value ? <ElAlert type="error" title={error.value} closable={false} class="notice-error" /> : null}
        <dl class="figures" aria-label={t('supervision.totals')}>
          {figure('tasks', t('supervision.tasks'), sums.value.tasks)}
          {figure('onTimeRate', t('supervision.onTimeRate'), rate(sums.value.onTimeRate))}
          {figure('warned', t('supervision.warned'), sums.value.warned)}
          {figure('ratings', t('supervision.ratings'), `${sums.value.ratings} / ${t('supervision.poorRatings')} ${sums.value.poorRatings}`)}
          {figure('unansweredDirectives', t('supervision.unansweredDirectives'), sums.value.unansweredDirectives)}
        </dl>
        <div class="charts">
          <BarChart name="on-time" title={t('supervision.onTimeChart')} figures={onTime.value} />
          <BarChart name="warnings" title={t('supervision.warningsChart')} figures={warnings.value} />
          <BarChart name="ratings" title={t('supervision.ratingsChart')} figures={ratings.value} />
        </div>
        <section class="detail-section" data-section="figures" aria-labelledby="figures-title">
          <h3 id="figures-title">{t('supervision.figures')}</h3>
          {renderFigures()}
        </section>
        {renderCases()}
        <DirectiveDialog api={api} supervised={directing.value} departmentName={(code: string) => nameOf('department', code)} onClose={() => (directing.value = null)} onDone={directed} />
      </main>
    );
  },
});
