import { defineComponent, ref, watch, type PropType } from 'vue';
import { ElAlert, ElDescriptions, ElDescriptionsItem } from 'element-plus';
import type { ApiClient } from '../api/api-client';
import type { HistoryItem, TaskCopy } from '../api/api.types';
import { historySentence, isTold } from '../history/history-sentence';
import { formatTime, t, tOr } from '../i18n/i18n';

/**
 * A copy (抄送) as its recipient reads it: who sent it with which note, the copied step's state and
 * decision, and the case's history when the recipient may read it. Opening it marks it read.
 */
export const CopyView = defineComponent({
  name: 'CopyView',
  props: {
    api: { type: Object as PropType<ApiClient>, required: true },
    copy: { type: Object as PropType<TaskCopy>, required: true },
  },
  emits: { read: () => true },
  setup(props, { emit }) {
    const history = ref<HistoryItem[]>([]);
    const error = ref('');

    const load = async () => {
      error.value = '';
      history.value = [];
      try {
        if (!props.copy.readAt) {
          await props.api.post(`/cc/${props.copy.id}/read`);
          emit('read');
        }
      } catch (failure) {
        error.value = (failure as Error).message;
      }
      const trail = await props.api.get<{ items: HistoryItem[] }>(`/process-instances/${props.copy.processInstanceId}/history`).catch(() => ({ items: [] }));
      history.value = trail.items.filter(isTold);
    };
    watch(() => props.copy.id, () => void load(), { immediate: true });

    return () => {
      const copy = props.copy;
      return (
        <section class="detail" data-testid="copy-detail" data-copy-id={copy.id} data-task-id={copy.taskId} aria-labelledby="copy-title">
          <h2 id="copy-title">{t('copy.title', { name: copy.taskName ?? copy.elementId })}</h2>
          {error.value ? <ElAlert type="error" title={error.value} closable={false} class="notice-error" /> : null}
          <ElDescriptions border column={1} size="small" class="task-facts">
            <ElDescriptionsItem label={t('copy.sentBy')}>{{ default: () => <span>{copy.sentBy} · {formatTime(copy.sentAt)}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('copy.note')}>{{ default: () => <span class="copy-note">{copy.comment}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.process')}>{{ default: () => <span>{copy.processKey}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.department')}>{{ default: () => <span>{copy.department ?? '—'}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('task.state')}>{{ default: () => <span>{tOr(`taskState.${copy.taskState}`, copy.taskState)}{copy.decision ? ` · ${tOr(`decision.${copy.decision}`, copy.decision)}` : ''}</span> }}</ElDescriptionsItem>
            {copy.case ? <ElDescriptionsItem label={t('task.applicant')}>{{ default: () => <span>{copy.case!.applicant.name} {copy.case!.applicant.code}</span> }}</ElDescriptionsItem> : null}
            {copy.case ? <ElDescriptionsItem label={t('copy.bundle')}>{{ default: () => <span>{copy.case!.bundleCode}</span> }}</ElDescriptionsItem> : null}
          </ElDescriptions>
          {history.value.length > 0 ? (
            <section class="detail-section" data-section="history">
              <h3>{t('task.history')}</h3>
              <ol class="timeline history-sentences">
                {history.value.map((item) => <li data-type={item.type}><time class="timeline-time">{formatTime(item.at)}</time> <span class="timeline-text">{historySentence(item)}</span></li>)}
              </ol>
            </section>
          ) : null}
        </section>
      );
    };
  },
});
