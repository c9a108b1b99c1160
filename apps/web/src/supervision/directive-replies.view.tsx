import { defineComponent, onMounted, reactive, ref, type PropType } from 'vue';
import { ElAlert, ElButton, ElDialog, ElFormItem, ElInput, ElTag } from 'element-plus';
import type { ApiClient } from '../api/api-client';
import type { Directive, Page } from '../api/api.types';
import { formatTime, t } from '../i18n/i18n';
import { SubmitForm } from '../shell/submit-form.view';
import './supervision.css';

/**
 * The open 督办 directives to the clerk's department, above the inbox's queues: each with its due
 * time, and the reply the department owes.
 */
export const DirectiveReplies = defineComponent({
  name: 'DirectiveReplies',
  props: { api: { type: Object as PropType<ApiClient>, required: true } },
  setup(props) {
    const directives = ref<Directive[]>([]);
    const replying = ref<Directive | null>(null);
    const form = reactive({ comment: '' });
    const error = ref('');
    const busy = ref(false);
    const answered = ref(0);

    const load = async () => {
      directives.value = (await props.api.get<Page<Directive>>('/directives', { state: 'open', limit: 50 }).catch(() => ({ items: [], total: 0 }))).items;
    };
    const open = (directive: Directive) => {
      replying.value = directive;
      form.comment = '';
      error.value = '';
    };
    const reply = async () => {
      if (!replying.value) return;
      if (!form.comment.trim()) {
        error.value = t('directive.replyRequired');
        return;
      }
      busy.value = true;
      try {
        await props.api.post(`/directives/${replying.value.id}/reply`, { comment: form.comment.trim() });
        replying.value = null;
        answered.value++;
        await load();
      } catch (failure) {
        error.value = (failure as Error).message;
      } finally {
        busy.value = false;
      }
    };
    onMounted(load);

    return () => (
      <>
        {answered.value > 0 ? <ElAlert type="success" title={t('directive.replied')} closable={false} class="notice-ok directive-replied" /> : null}
        {directives.value.length === 0 ? null : (
          <section class="directives" aria-labelledby="directives-title">
            <h3 id="directives-title">{t('directive.title', { count: directives.value.length })}</h3>
            <ul class="directive-list">
              {directives.value.map((directive) => (
                <li data-directive-id={directive.id} data-state={directive.state}>
                  <ElTag type={directive.state === 'overdue' ? 'danger' : 'warning'} size="small">{t(`directive.state.${directive.state === 'overdue' ? 'overdue' : 'open'}`)}</ElTag>
                  <span class="directive-comment">{directive.comment}</span>
                  <span class="muted small" title={directive.dueProblem ?? undefined}>{directive.dueAt ? t('directive.from', { by: directive.createdBy, due: formatTime(directive.dueAt) }) : t('directive.fromUncounted', { by: directive.createdBy })}</span>
                  <ElButton size="small" type="primary" data-action="reply-directive" onClick={() => open(directive)}>{t('directive.reply')}</ElButton>
                </li>
              ))}
            </ul>
          </section>
        )}
        <ElDialog modelValue={!!replying.value} title={t('directive.reply')} width="min(480px, 94vw)" onClose={() => (replying.value = null)} class="directive-reply-dialog">
          {{
            default: () => (
              <SubmitForm labelPosition="top" onSubmit={() => void reply()}>
                <p class="directive-comment">{replying.value?.comment}</p>
                <ElFormItem label={t('directive.replyText')} for="directive-reply">
                  <ElInput id="directive-reply" name="reply" type="textarea" rows={3} maxlength={2000} showWordLimit modelValue={form.comment} onUpdate:modelValue={(value: string) => (form.comment = value)} />
                </ElFormItem>
                {error.value ? <ElAlert type="error" title={error.value} closable={false} showIcon /> : null}
              </SubmitForm>
            ),
            footer: () => (
              <div class="dialog-footer">
                <ElButton onClick={() => (replying.value = null)}>{t('common.cancel')}</ElButton>
                <ElButton type="primary" loading={busy.value} data-action="confirm" onClick={() => void reply()}>{t('common.confirm')}</ElButton>
              </div>
            ),
          }}
        </ElDialog>
      </>
    );
  },
});
