import { computed, defineComponent, reactive, ref, watch, type PropType } from 'vue';
import { ElAlert, ElButton, ElCheckbox, ElCheckboxGroup, ElDialog, ElFormItem, ElInput, ElInputNumber, ElRadio, ElRadioGroup } from 'element-plus';
import type { ApiClient } from '../api/api-client';
import type { StepView, Task, TaskOperation } from '../api/api.types';
import { t, tOr } from '../i18n/i18n';
import { SubmitForm } from '../shell/submit-form.view';

/** The operations that open an opinion dialog: those of GET /tasks/:id/operations and the correction request (补正). */
export type DialogOperation = Exclude<TaskOperation['operation'], 'claim' | 'unclaim'> | 'correction';

/** Operations whose opinion the API requires. */
const OPINION_REQUIRED = new Set<DialogOperation>(['transfer', 'delegate', 'resolve', 'return', 'withdraw', 'urge', 'addSigners', 'removeSigner', 'cc']);

/** Where 加签 puts the signers: more inner instances of a countersign, before this task (前加签) or after it (后加签). */
const SIGNER_POSITIONS = ['parallel', 'before', 'after'] as const;

/** A comma- or space-separated list of user names or department codes. */
function names(value: string): string[] {
  return value.split(/[\s,，、]+/).map((name) => name.trim()).filter(Boolean);
}

/** Users when any are named, else departments: the recipients of 加签 and 抄送. */
function recipients(form: OperationForm): { users: string[] } | { departments: string[] } {
  const users = names(form.toUser);
  return users.length > 0 ? { users } : { departments: names(form.toDepartment) };
}

/** The request each operation sends, built from the dialog's form. */
function requestOf(operation: DialogOperation, form: OperationForm, variables?: Record<string, unknown>): { method: 'POST' | 'PUT' | 'DELETE'; path: string; body: Record<string, unknown> } {
  const comment = form.comment.trim();
  const opinion = comment ? { comment } : {};
  switch (operation) {
    case 'complete': return { method: 'POST', path: 'complete', body: { decision: form.decision, ...opinion, ...(variables && Object.keys(variables).length > 0 && { variables }) } };
    case 'draft': return { method: 'PUT', path: 'draft', body: { ...(form.decision && { decision: form.decision }), ...opinion } };
    case 'return': return { method: 'POST', path: 'return', body: { toElementId: form.target, comment } };
    case 'transfer': return { method: 'POST', path: 'transfer', body: { ...(form.toUser.trim() ? { toUser: form.toUser.trim() } : { toDepartment: form.toDepartment.trim() }), comment } };
    case 'delegate': return { method: 'POST', path: 'delegate', body: { toUser: form.toUser.trim(), comment } };
    case 'correction': return {
      method: 'POST', path: 'correction',
      body: { items: form.asks.map((ask) => ({ ...(ask.startsWith('field:') ? { field: ask.slice(6) } : { material: ask.slice(9) }), reason: comment })), deadlineDays: form.deadlineDays, ...opinion },
    };
    case 'addSigners': return { method: 'POST', path: 'signers', body: { ...recipients(form), position: form.position, comment } };
    case 'removeSigner': return { method: 'DELETE', path: `signers/${form.signer}`, body: { comment } };
    case 'cc': return { method: 'POST', path: 'cc', body: { ...recipients(form), comment } };
    default: return { method: 'POST', path: operation, body: { comment } };
  }
}

interface OperationForm {
  decision: string;
  comment: string;
  target: string;
  toUser: string;
  toDepartment: string;
  asks: string[];
  deadlineDays: number;
  position: (typeof SIGNER_POSITIONS)[number];
  signer: string;
}

/** An open signer's task that 减签 may remove. */
export interface SignerChoice {
  id: string;
  label: string;
}

/** The opinion dialog of one task operation: what the operation needs, an opinion, and the API's answer when it refuses. */
export const OperationDialog = defineComponent({
  name: 'OperationDialog',
  props: {
    api: { type: Object as PropType<ApiClient>, required: true },
    task: { type: Object as PropType<Task>, required: true },
    operation: { type: String as PropType<DialogOperation | ''>, required: true },
    targets: { type: Array as PropType<NonNullable<TaskOperation['targets']>>, default: () => [] },
    step: { type: Object as PropType<StepView | null>, default: null },
    signers: { type: Array as PropType<SignerChoice[]>, default: () => [] },
    /** The variables of the task's linked form; null when the form is not valid. */
    formVariables: { type: Function as PropType<() => Record<string, unknown> | null>, default: () => ({}) },
  },
  emits: { close: () => true, done: (_operation: DialogOperation) => true },
  setup(props, { emit }) {
    const form = reactive<OperationForm>({ decision: 'approve', comment: '', target: '', toUser: '', toDepartment: '', asks: [], deadlineDays: 5, position: 'parallel', signer: '' });
    const error = ref('');
    const busy = ref(false);
    watch(() => props.operation, () => {
      Object.assign(form, { decision: 'approve', comment: '', target: props.targets[0]?.elementId ?? '', toUser: '', toDepartment: '', asks: [], deadlineDays: 5, position: 'parallel', signer: props.signers[0]?.id ?? '' });
      error.value = '';
    });
    const operation = computed(() => props.operation as DialogOperation);

    const submit = async () => {
      if (OPINION_REQUIRED.has(operation.value) && !form.comment.trim()) {
        error.value = t('operation.opinionRequired');
        return;
      }
      if (operation.value === 'removeSigner' && !form.signer) {
        error.value = t('operation.noSigners');
        return;
      }
      const variables = operation.value === 'complete' ? props.formVariables() : {};
      if (variables === null) {
        error.value = t('forms.invalid');
        return;
      }
      busy.value = true;
      error.value = '';
      try {
        const request = requestOf(operation.value, form, variables);
        const path = `/tasks/${props.task.id}/${request.path}`;
        await props.api.request(request.method, path, request.body);
        emit('done', operation.value);
      } catch (failure) {
        error.value = (failure as Error).message;
      } finally {
        busy.value = false;
      }
    };

    const bind = <K extends keyof OperationForm>(key: K) => ({
      modelValue: form[key] as never,
      'onUpdate:modelValue': (value: unknown) => { form[key] = value as OperationForm[K]; },
    });

    return () => {
      const op = operation.value;
      return (
        <ElDialog modelValue={!!props.operation} title={props.operation ? tOr(`operation.${op}`, op) : ''} width="min(520px, 94vw)" onClose={() => emit('close')} class="operation-dialog" data-operation={op}>
          {{
            default: () => (
              <SubmitForm labelPosition="top" onSubmit={(event: Event) => { event.preventDefault(); void submit(); }}>
                {op === 'complete' || op === 'draft' ? (
                  <ElFormItem label={t('operation.decision')}>
                    <ElRadioGroup {...bind('decision')} aria-label={t('operation.decision')}>
                      <ElRadio value="approve" data-decision="approve">{t('decision.approve')}</ElRadio>
                      <ElRadio value="reject" data-decision="reject">{t('decision.reject')}</ElRadio>
                    </ElRadioGroup>
                  </ElFormItem>
                ) : null}
                {op === 'return' ? (
                  <ElFormItem label={t('operation.returnTo')}>
                    <ElRadioGroup {...bind('target')} aria-label={t('operation.returnTo')} class="stacked">
                      {props.targets.map((target) => <ElRadio value={target.elementId} data-target={target.elementId}>{target.name ?? target.elementId}</ElRadio>)}
                    </ElRadioGroup>
                  </ElFormItem>
                ) : null}
                {op === 'transfer' || op === 'delegate' ? (
                  <ElFormItem label={t('operation.toUser')} for="operation-to-user">
                    <ElInput id="operation-to-user" name="toUser" {...bind('toUser')} />
                  </ElFormItem>
                ) : null}
                {op === 'transfer' ? (
                  <ElFormItem label={t('operation.toDepartment')} for="operation-to-department">
                    <ElInput id="operation-to-department" name="toDepartment" {...bind('toDepartment')} />
                  </ElFormItem>
                ) : null}
                {op === 'addSigners' ? (
                  <ElFormItem label={t('operation.signerPosition')}>
                    <ElRadioGroup {...bind('position')} aria-label={t('operation.signerPosition')}>
                      {SIGNER_POSITIONS.map((position) => <ElRadio value={position} data-position={position}>{t(`operation.position.${position}`)}</ElRadio>)}
                    </ElRadioGroup>
                  </ElFormItem>
                ) : null}
                {op === 'addSigners' || op === 'cc' ? (
                  <>
                    <ElFormItem label={t('operation.users')} for="operation-users">
                      <ElInput id="operation-users" name="users" placeholder={t('operation.namesHint')} {...bind('toUser')} />
                    </ElFormItem>
                    <ElFormItem label={t('operation.departments')} for="operation-departments">
                      <ElInput id="operation-departments" name="departments" placeholder={t('operation.namesHint')} {...bind('toDepartment')} />
                    </ElFormItem>
                  </>
                ) : null}
                {op === 'removeSigner' ? (
                  <ElFormItem label={t('operation.signer')}>
                    {props.signers.length === 0 ? <p class="muted">{t('operation.noSigners')}</p> : (
                      <ElRadioGroup {...bind('signer')} aria-label={t('operation.signer')} class="stacked">
                        {props.signers.map((signer) => <ElRadio value={signer.id} data-signer={signer.id}>{signer.label}</ElRadio>)}
                      </ElRadioGroup>
                    )}
                  </ElFormItem>
                ) : null}
                {op === 'correction' ? (
                  <>
                    <ElFormItem label={t('operation.correctionAsks')}>
                      <ElCheckboxGroup {...bind('asks')} aria-label={t('operation.correctionAsks')} class="stacked">
                        {(props.step?.materials ?? []).map((m) => <ElCheckbox value={`material:${m.name}`} data-ask={`material:${m.name}`}>{t('operation.askMaterial', { name: m.name })}</ElCheckbox>)}
                        {(props.step?.fields ?? []).map((f) => <ElCheckbox value={`field:${f.key}`} data-ask={`field:${f.key}`}>{t('operation.askField', { name: f.label.zh ?? f.key })}</ElCheckbox>)}
                      </ElCheckboxGroup>
                    </ElFormItem>
                    <ElFormItem label={t('operation.deadlineDays')} for="operation-deadline">
                      <ElInputNumber id="operation-deadline" min={1} max={60} {...bind('deadlineDays')} />
                    </ElFormItem>
                  </>
                ) : null}
                <ElFormItem label={t(op === 'correction' ? 'operation.reason' : 'operation.opinion')} for="operation-comment">
                  <ElInput id="operation-comment" name="comment" type="textarea" rows={3} maxlength={2000} showWordLimit {...bind('comment')} />
                </ElFormItem>
                {error.value ? <ElAlert type="error" title={error.value} closable={false} showIcon class="operation-error" /> : null}
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
    };
  },
});
