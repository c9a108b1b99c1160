import { defineComponent, ref, watch, type PropType } from 'vue';
import { ElAlert, ElButton, ElDescriptions, ElDescriptionsItem, ElTable, ElTableColumn, ElTag, ElTooltip } from 'element-plus';
import type { ApiClient } from '../api/api-client';
import type { DefinitionDetail, HistoryItem, Page, StepCertificate, StepView, Task, TaskOperation } from '../api/api.types';
import { AttachmentViewer } from '../attachments/attachment-viewer.view';
import { LinkedForm, type LinkedFormHandle } from '../forms/linked-form.view';
import { elementNames, historySentence, isTold } from '../history/history-sentence';
import { formatTime, localized, t, tOr } from '../i18n/i18n';
import { OperationDialog, type DialogOperation, type SignerChoice } from './operation-dialog.view';
import { remainingOf, type InboxRow } from './task-queue';
import { WarningTag } from './warning-tag.view';

/** The operations shown as buttons, in this order; claim and unclaim act at once, the others open their opinion dialog. */
const ORDER: TaskOperation['operation'][] = ['claim', 'complete', 'return', 'transfer', 'delegate', 'resolve', 'withdraw', 'addSigners', 'removeSigner', 'cc', 'urge', 'draft', 'unclaim'];

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(text).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A task as a clerk works it: the case data the step may see, materials, certificates, operations and the history in sentences. */
export const TaskView = defineComponent({
  name: 'TaskView',
  props: {
    api: { type: Object as PropType<ApiClient>, required: true },
    taskId: { type: String, required: true },
    row: { type: Object as PropType<InboxRow | null>, default: null },
  },
  emits: { changed: (_message: string) => true },
  setup(props, { emit }) {
    const task = ref<Task | null>(null);
    const operations = ref<TaskOperation[]>([]);
    const history = ref<HistoryItem[]>([]);
    const names = ref<Record<string, string>>({});
    const error = ref('');
    const message = ref('');
    const dialog = ref<DialogOperation | ''>('');
    const signers = ref<SignerChoice[]>([]);
    const linkedForm = ref<LinkedFormHandle | null>(null);

    const load = async () => {
      error.value = '';
      try {
        const loaded = await props.api.get<Task>(`/tasks/${props.taskId}`);
        task.value = loaded;
        const [ops, trail] = await Promise.all([
          props.api.get<TaskOperation[]>(`/tasks/${props.taskId}/operations`).catch(() => []),
          props.api.get<{ items: HistoryItem[] }>(`/process-instances/${loaded.processInstanceId}/history`).catch(() => ({ items: [] })),
        ]);
        operations.value = ops;
        signers.value = ops.some((op) => op.operation === 'removeSigner' && op.allowed) ? await openSigners(props.api, loaded) : [];
        history.value = trail.items.filter(isTold);
        const instance = await props.api.get<{ definitionId: string }>(`/process-instances/${loaded.processInstanceId}`).catch(() => null);
        if (instance) names.value = elementNames((await props.api.get<DefinitionDetail>(`/process-definitions/${instance.definitionId}`).catch(() => ({ xml: '<x/>' }))).xml);
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    watch(() => props.taskId, () => { message.value = ''; void load(); }, { immediate: true });

    const act = async (operation: TaskOperation['operation']) => {
      if (operation === 'claim' || operation === 'unclaim') {
        try {
          await props.api.post(`/tasks/${props.taskId}/${operation}`);
          emit('changed', t(`done.${operation}`));
          await load();
        } catch (failure) {
          error.value = (failure as Error).message;
        }
      } else {
        dialog.value = operation;
      }
    };
    const done = async (operation: DialogOperation) => {
      dialog.value = '';
      message.value = t('done.operation', { operation: tOr(`operation.${operation}`, operation) });
      emit('changed', message.value);
      await load();
    };

    const step = () => (task.value?.step ?? null) as StepView | null;
    const returnTargets = () => operations.value.find((op) => op.operation === 'return')?.targets ?? [];

    const renderOperations = (current: Task) => {
      const byName = new Map(operations.value.map((op) => [op.operation, op]));
      const active = current.state === 'open' || current.state === 'claimed';
      return (
        <div class="operations" role="group" aria-label={t('task.operations')}>
          {ORDER.map((name) => byName.get(name)).filter((op): op is TaskOperation => !!op && (op.allowed || active)).map((op) => {
            const button = (
              <ElButton type={op.operation === 'complete' ? 'primary' : 'default'} disabled={!op.allowed} data-action={op.operation} onClick={() => void act(op.operation)}>
                {tOr(`operation.${op.operation}`, op.operation)}
              </ElButton>
            );
            return op.allowed || !op.reason ? button : <ElTooltip content={op.reason} placement="top">{{ default: () => <span class="disabled-operation" tabindex={0} aria-label={`${tOr(`operation.${op.operation}`, op.operation)}: ${op.reason}`}>{button}</span> }}</ElTooltip>;
          })}
          {step() && active ? <ElButton data-action="correction" onClick={() => (dialog.value = 'correction')}>{t('operation.correction')}</ElButton> : null}
        </div>
      );
    };

    const renderStep = (view: StepView) => (
      <>
        <section class="detail-section" data-section="fields">
          <h3>{t('task.fields')}</h3>
          <ElTable data={view.fields} rowKey="key" size="small" rowClassName={({ row }: { row: StepView['fields'][number] }) => `field-${row.key}`}>
            <ElTableColumn label={t('task.field')}>{{ default: ({ row }: { row: StepView['fields'][number] }) => <span data-key={row.key}>{localized(row.label) || row.key}</span> }}</ElTableColumn>
            <ElTableColumn label={t('task.value')}>{{ default: ({ row }: { row: StepView['fields'][number] }) => <span>{text(row.value)}{row.masked ? ` (${t('task.masked')})` : ''}</span> }}</ElTableColumn>
          </ElTable>
        </section>
        <section class="detail-section" data-section="materials">
          <h3>{t('task.materials')}</h3>
          <ElTable data={view.materials} size="small">
            <ElTableColumn label={t('task.material')} prop="name" />
            <ElTableColumn label={t('task.status')}>{{ default: ({ row }: { row: StepView['materials'][number] }) => <ElTag type={row.status === 'missing' ? 'danger' : row.status === 'exempt' || row.status === 'issued' ? 'success' : 'info'}>{tOr(`material.${row.status}`, row.status)}</ElTag> }}</ElTableColumn>
            <ElTableColumn label={t('task.evidence')}>{{
              default: ({ row }: { row: StepView['materials'][number] }) => row.attachmentId
                ? <AttachmentViewer api={props.api} attachmentId={row.attachmentId} name={row.name} />
                : row.certificateId ? <span>{certificateName(view.certificates, row.certificateId, row.satisfiedBy)}</span>
                : <span>{row.deadline ? t('material.dueBy', { date: row.deadline }) : row.deadlineProblem ? <span title={row.deadlineProblem}>{t('material.dueNotCounted')}</span> : '—'}</span>,
            }}</ElTableColumn>
          </ElTable>
        </section>
        <section class="detail-section" data-section="certificates">
          <h3>{t('task.certificates')}</h3>
          {view.certificates.length === 0 ? <p class="muted">{t('common.none')}</p> : view.certificates.map((certificate) => (
            <ElDescriptions class="certificate" border column={1} size="small" title={`${certificate.name} · ${certificate.number}`} data-certificate-id={certificate.id}>
              <ElDescriptionsItem label={t('certificate.holder')}>{{ default: () => <span>{certificate.holder.name}</span> }}</ElDescriptionsItem>
              <ElDescriptionsItem label={t('certificate.issuer')}>{{ default: () => <span>{certificate.issuer}</span> }}</ElDescriptionsItem>
              <ElDescriptionsItem label={t('certificate.status')}>{{ default: () => <span>{tOr(`certificate.${certificate.status}`, certificate.status)}</span> }}</ElDescriptionsItem>
              <ElDescriptionsItem label={t('certificate.validUntil')}>{{ default: () => <span>{certificate.validUntil ?? '—'}</span> }}</ElDescriptionsItem>
              {Object.entries(certificate.data).map(([key, value]) => <ElDescriptionsItem label={key}>{{ default: () => <span>{text(value)}</span> }}</ElDescriptionsItem>)}
            </ElDescriptions>
          ))}
        </section>
      </>
    );

    return () => {
      const current = task.value;
      if (!current) return <section class="detail" data-testid="task-detail">{error.value ? <ElAlert type="error" title={error.value} closable={false} /> : <p>{t('common.loading')}</p>}</section>;
      const view = step();
      return (
        <section class="detail" data-testid="task-detail" data-task-id={current.id} data-state={current.state} aria-labelledby="task-title">
          <h2 id="task-title">{current.name ?? current.elementId}</h2>
          {message.value ? <ElAlert type="success" title={message.value} closable={false} class="notice-ok" /> : null}
          {error.value ? <ElAlert type="error" title={error.value} closable={false} class="notice-error" /> : null}
          <ElDescriptions border column={1} size="small" class="task-facts">
            <ElDescriptionsItem label={t('task.item')}>{{ default: () => <span>{props.row?.item ?? view?.item ?? current.elementId}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.businessKey')}>{{ default: () => <span>{props.row?.businessKey || '—'}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.applicant')}>{{ default: () => <span>{props.row?.applicant || '—'}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.due')}>{{ default: () => <span>{props.row?.dueDate ? <span>{props.row.dueDate}{remainingOf(props.row) ? ` · ${t(remainingOf(props.row)!.key, remainingOf(props.row)!.params)}` : ''} <WarningTag level={props.row.warning} /></span> : '—'}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.process')}>{{ default: () => <span>{current.processKey}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.department')}>{{ default: () => <span>{current.department ?? current.candidateGroups.join(', ')}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.state')}>{{ default: () => <span>{tOr(`taskState.${current.state}`, current.state)}{current.assignee ? ` · ${current.assignee}` : ''}</span> }}</ElDescriptionsItem>
            {current.comment ? <ElDescriptionsItem label={t('operation.opinion')}>{{ default: () => <span>{current.comment}</span> }}</ElDescriptionsItem> : null}
          </ElDescriptions>
          {renderOperations(current)}
          <LinkedForm ref={linkedForm} api={props.api} taskId={current.id} />
          {view ? renderStep(view) : (
            <section class="detail-section" data-section="variables">
              <h3>{t('task.variables')}</h3>
              <ElDescriptions border column={1} size="small">
                {Object.entries(current.variables ?? {}).map(([key, value]) => <ElDescriptionsItem label={key}>{{ default: () => <span>{text(value)}</span> }}</ElDescriptionsItem>)}
              </ElDescriptions>
            </section>
          )}
          <section class="detail-section" data-section="history">
            <h3>{t('task.history')}</h3>
            <ol class="timeline history-sentences">
              {history.value.map((item) => <li data-type={item.type}><time class="timeline-time">{formatTime(item.at)}</time> <span class="timeline-text">{historySentence(item, names.value)}</span></li>)}
            </ol>
          </section>
          <OperationDialog api={props.api} task={current} operation={dialog.value} targets={returnTargets()} step={view} signers={signers.value} formVariables={() => linkedForm.value?.variables() ?? {}} onClose={() => (dialog.value = '')} onDone={(op: DialogOperation) => void done(op)} />
        </section>
      );
    };
  },
});

/** The open tasks 减签 may remove: the other inner instances of this countersign and the signers added to this task. */
async function openSigners(api: ApiClient, task: Task): Promise<SignerChoice[]> {
  const page = await api.get<Page<Task>>('/tasks', { processInstanceId: task.processInstanceId, limit: 100 }).catch(() => ({ items: [] as Task[], total: 0 }));
  return page.items
    .filter((other) => other.id !== task.id && ['open', 'claimed', 'signing'].includes(other.state) && (other.signOf === task.id || (other.elementId === task.elementId && !other.signOf)))
    .map((other) => ({ id: other.id, label: `${other.name ?? other.elementId} · ${other.assignee ?? other.department ?? other.candidateGroups.join(', ')}` }));
}

function certificateName(certificates: StepCertificate[], id: string, type: string | undefined): string {
  const certificate = certificates.find((candidate) => candidate.id === id);
  return certificate ? `${certificate.name} ${certificate.number}` : type ?? id;
}
