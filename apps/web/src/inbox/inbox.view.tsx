import { computed, defineComponent, onMounted, ref, watch } from 'vue';
import { ElAlert, ElButton, ElInput, ElRadioButton, ElRadioGroup, ElTabPane, ElTable, ElTableColumn, ElTabs } from 'element-plus';
import { WARNING_LEVELS, type WarningLevel } from '../api/api.types';
import { formatTime, t, tOr } from '../i18n/i18n';
import { navigate, route, routeTo } from '../shell/hash-router';
import { api, currentUser } from '../session/staff';
import { copiesAvailable, filterRows, loadQueue, remainingOf, type InboxRow, type QueueName } from './task-queue';
import { DirectiveReplies } from '../supervision/directive-replies.view';
import { CopyView } from './copy.view';
import { TaskView } from './task.view';
import { WarningTag } from './warning-tag.view';

const QUEUES: QueueName[] = ['department', 'mine', 'copies', 'done'];

/** Inbox (待办): the clerk's queues, searched and sorted by due date and warning colour; a task opened beside the list. */
export const InboxView = defineComponent({
  name: 'InboxView',
  setup() {
    const queue = ref<QueueName>((QUEUES as string[]).includes(route.query.get('queue') ?? '') ? (route.query.get('queue') as QueueName) : 'department');
    const rows = ref<InboxRow[]>([]);
    const loading = ref(false);
    const error = ref('');
    const search = ref('');
    const warning = ref<WarningLevel | ''>('');
    const dueBy = ref('');
    const withCopies = ref(false);
    const selected = computed(() => route.query.get('task') ?? '');
    const selectedCopy = computed(() => route.query.get('copy') ?? '');
    const visible = computed(() => filterRows(rows.value, search.value, warning.value, dueBy.value));

    const load = async () => {
      loading.value = true;
      error.value = '';
      try {
        rows.value = await loadQueue(api, queue.value, currentUser.value?.username ?? '');
      } catch (failure) {
        error.value = (failure as Error).message;
      } finally {
        loading.value = false;
      }
    };
    const target = (row: InboxRow) => routeTo('inbox', row.copy ? { queue: queue.value, copy: row.copy.id } : { queue: queue.value, task: row.id });
    const open = (row: InboxRow) => navigate(target(row));
    const isSelected = (row: InboxRow) => (row.copy ? row.copy.id === selectedCopy.value : row.id === selected.value);
    watch(queue, () => void load());
    onMounted(async () => {
      await load();
      withCopies.value = await copiesAvailable(api);
    });

    const byDue = (a: InboxRow, b: InboxRow) => (a.dueDate || '9999').localeCompare(b.dueDate || '9999');
    const byCreated = (a: InboxRow, b: InboxRow) => a.createdAt.localeCompare(b.createdAt);

    return () => (
      <main class="page page-inbox">
        <section class="list-pane" aria-labelledby="inbox-title">
          <h2 id="inbox-title" class="visually-hidden">{t('nav.inbox')}</h2>
          <DirectiveReplies api={api} />
          <ElTabs modelValue={queue.value} onUpdate:modelValue={(value: string | number) => (queue.value = value as QueueName)} class="queues">
            {QUEUES.filter((name) => name !== 'copies' || withCopies.value).map((name) => <ElTabPane name={name} label={t(`queue.${name}`)} />)}
          </ElTabs>
          <div class="toolbar">
            <ElInput class="search" type="search" name="search" clearable modelValue={search.value} onUpdate:modelValue={(value: string) => (search.value = value)}
              placeholder={t('inbox.searchPlaceholder')} aria-label={t('inbox.search')} />
            <ElRadioGroup modelValue={warning.value} onUpdate:modelValue={(value: string | number | boolean | undefined) => (warning.value = value as WarningLevel | '')} aria-label={t('inbox.warningFilter')} size="small">
              <ElRadioButton value="">{t('common.all')}</ElRadioButton>
              {WARNING_LEVELS.map((level) => <ElRadioButton value={level} data-warning={level}>{t(`warning.${level}`)}</ElRadioButton>)}
            </ElRadioGroup>
            <ElInput class="due-by" type="date" name="dueBy" modelValue={dueBy.value} onUpdate:modelValue={(value: string) => (dueBy.value = value)} aria-label={t('inbox.dueBy')} />
            <ElButton data-action="refresh" onClick={() => void load()}>{t('common.refresh')}</ElButton>
          </div>
          {error.value ? <ElAlert type="error" title={error.value} closable={false} /> : null}
          <ElTable data={visible.value} class="tasks" rowKey={(row: InboxRow) => row.copy?.id ?? row.id} highlightCurrentRow
            onRow-click={(row: InboxRow) => open(row)} emptyText={loading.value ? t('common.loading') : t('inbox.empty')}
            rowClassName={({ row }: { row: InboxRow }) => [isSelected(row) ? 'selected-row' : '', row.copy && !row.copy.readAt ? 'unread-row' : ''].join(' ')}>
            <ElTableColumn label={t('inbox.task')} minWidth={150}>{{
              default: ({ row }: { row: InboxRow }) => (
                <a href={`#/${target(row)}`} data-task-id={row.id} data-copy-id={row.copy?.id} class="task-link">{row.name}</a>
              ),
            }}</ElTableColumn>
            <ElTableColumn label={t('inbox.businessKey')} minWidth={120}>{{ default: ({ row }: { row: InboxRow }) => <span class="business-key">{row.businessKey || '—'}</span> }}</ElTableColumn>
            <ElTableColumn label={t('inbox.applicant')} minWidth={100}>{{ default: ({ row }: { row: InboxRow }) => row.applicant || '—' }}</ElTableColumn>
            <ElTableColumn label={t('inbox.due')} sortable sortMethod={byDue} minWidth={110}>{{ default: ({ row }: { row: InboxRow }) => <span class="due">{row.dueDate || '—'}{remainingOf(row) ? <span class="muted small"> · {t(remainingOf(row)!.key, remainingOf(row)!.params)}</span> : null}</span> }}</ElTableColumn>
            <ElTableColumn label={t('inbox.warning')} minWidth={90}>{{ default: ({ row }: { row: InboxRow }) => <WarningTag level={row.warning} /> }}</ElTableColumn>
            <ElTableColumn label={t('inbox.created')} sortable sortMethod={byCreated} minWidth={150}>{{ default: ({ row }: { row: InboxRow }) => formatTime(row.createdAt) }}</ElTableColumn>
            <ElTableColumn label={t('inbox.state')} minWidth={90}>{{ default: ({ row }: { row: InboxRow }) => tOr(`taskState.${row.state}`, row.state) }}</ElTableColumn>
          </ElTable>
          <p class="muted small">{t('inbox.count', { shown: visible.value.length, total: rows.value.length })}</p>
        </section>
        {selectedCopy.value && rows.value.some((row) => row.copy?.id === selectedCopy.value)
          ? <CopyView api={api} copy={rows.value.find((row) => row.copy?.id === selectedCopy.value)!.copy!} onRead={() => void load()} />
          : selected.value
          ? <TaskView api={api} taskId={selected.value} row={rows.value.find((row) => !row.copy && row.id === selected.value) ?? null} onChanged={() => void load()} />
          : <section class="detail" data-testid="task-detail"><p class="muted">{t('inbox.pick')}</p></section>}
      </main>
    );
  },
});
