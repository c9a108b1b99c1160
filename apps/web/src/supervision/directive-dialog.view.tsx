import { defineComponent, reactive, ref, watch, type PropType } from 'vue';
import { ElAlert, ElButton, ElDialog, ElFormItem, ElInput, ElInputNumber, ElOption, ElSelect } from 'element-plus';
import type { ApiClient } from '../api/api-client';
import type { Directive, SupervisedCase } from '../api/api.types';
import { t } from '../i18n/i18n';
import { SubmitForm } from '../shell/submit-form.view';

/** The 督办 dialog: a directive to the departments of a warned case, with the working days they have to reply. */
export const DirectiveDialog = defineComponent({
  name: 'DirectiveDialog',
  props: {
    api: { type: Object as PropType<ApiClient>, required: true },
    supervised: { type: Object as PropType<SupervisedCase | null>, default: null },
    /** A department's name from its code. */
    departmentName: { type: Function as PropType<(code: string) => string>, default: (code: string) => code },
  },
  emits: { close: () => true, done: (_directives: Directive[]) => true },
  setup(props, { emit }) {
    const form = reactive({ comment: '', replyWithinDays: 2, department: '' });
    const error = ref('');
    const busy = ref(false);
    watch(() => props.supervised, () => {
      Object.assign(form, { comment: '', replyWithinDays: 2, department: '' });
      error.value = '';
    });

    const submit = async () => {
      const target = props.supervised;
      if (!target?.applicationId) return;
      if (!form.comment.trim()) {
        error.value = t('supervision.directiveRequired');
        return;
      }
      busy.value = true;
      error.value = '';
      try {
        const body = { comment: form.comment.trim(), replyWithinDays: form.replyWithinDays, ...(form.department && { department: form.department }) };
        const result = await props.api.post<{ items: Directive[] }>(`/supervision/cases/${target.applicationId}/directives`, body);
        emit('done', result.items);
      } catch (failure) {
        error.value = (failure as Error).message;
      } finally {
        busy.value = false;
      }
    };

    return () => (
      <ElDialog modelValue={!!props.supervised} title={t('supervision.direct')} width="min(520px, 94vw)" onClose={() => emit('close')} class="directive-dialog">
        {{
          default: () => (
            <SubmitForm labelPosition="top" onSubmit={() => void submit()}>
              <ElFormItem label={t('supervision.directiveDepartment')} for="directive-department">
                <ElSelect id="directive-department" modelValue={form.department} onUpdate:modelValue={(value: string) => (form.department = value)}
                  clearable placeholder={t('supervision.everyDepartment')} aria-label={t('supervision.directiveDepartment')}>
                  {(props.supervised?.departments ?? []).map((department) => <ElOption value={department} label={props.departmentName(department)} />)}
                </ElSelect>
              </ElFormItem>
              <ElFormItem label={t('supervision.replyWithinDays')} for="directive-days">
                <ElInputNumber id="directive-days" min={1} max={60} modelValue={form.replyWithinDays} onUpdate:modelValue={(value: number | undefined) => (form.replyWithinDays = value ?? 1)} />
              </ElFormItem>
              <ElFormItem label={t('supervision.directiveComment')} for="directive-comment">
                <ElInput id="directive-comment" name="comment" type="textarea" rows={3} maxlength={2000} showWordLimit modelValue={form.comment} onUpdate:modelValue={(value: string) => (form.comment = value)} />
              </ElFormItem>
              {error.value ? <ElAlert type="error" title={error.value} closable={false} showIcon class="directive-error" /> : null}
            </SubmitForm>
          ),
          footer: () => (
            <div class="dialog-footer">
              <ElButton onClick={() => emit('close')}>{t('common.cancel')}</ElButton>
              <ElButton type="primary" loading={busy.value} data-action="confirm" onClick={() => void submit()}>{t('common.confirm')}</ElButton>
            </div>
          ),
        }}
      </ElDialog>
    );
  },
});
