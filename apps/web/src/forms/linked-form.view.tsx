import { defineComponent, ref, watch, type PropType } from 'vue';
import { ElAlert } from 'element-plus';
import { ApiError, type ApiClient } from '../api/api-client';
import { t } from '../i18n/i18n';
import { nestData, pickFlat } from './form-data.util';
import { FormViewer, type FormViewerHandle } from './form-viewer.view';

/** GET /tasks/{id}/form: the linked form reduced to the step. */
interface TaskForm {
  formId: string;
  version: number;
  name: string;
  schema: Record<string, unknown>;
  data: Record<string, unknown>;
  readOnly: string[];
  editable: string[];
}

/** What a task's completion sends from its linked form. */
export interface LinkedFormHandle {
  /** The editable fields' values (nested by dotted keys, as FEEL paths read them), or null (with the errors shown) when the form is not valid. */
  variables(): Record<string, unknown> | null;
}

/** The form a task links, rendered with the form-js viewer; nothing when the task links none. */
export const LinkedForm = defineComponent({
  name: 'LinkedForm',
  props: {
    api: { type: Object as PropType<ApiClient>, required: true },
    taskId: { type: String, required: true },
  },
  setup(props, { expose }) {
    const form = ref<TaskForm | null>(null);
    const error = ref('');
    const viewer = ref<FormViewerHandle | null>(null);

    const load = async () => {
      form.value = null;
      error.value = '';
      try {
        form.value = await props.api.get<TaskForm>(`/tasks/${props.taskId}/form`);
      } catch (failure) {
        if (!(failure instanceof ApiError && failure.status === 404)) error.value = (failure as Error).message;
      }
    };
    watch(() => props.taskId, () => void load(), { immediate: true });

    expose({
      variables(): Record<string, unknown> | null {
        if (!form.value || !viewer.value) return {};
        const { data, errors } = viewer.value.submit();
        if (Object.keys(errors).length > 0) {
          error.value = t('forms.invalid');
          return null;
        }
        error.value = '';
        return nestData(pickFlat(data, form.value.editable));
      },
    } satisfies LinkedFormHandle);

    return () => (form.value || error.value ? (
      <section class="detail-section linked-form" data-section="linked-form" data-form-id={form.value?.formId} aria-labelledby="linked-form-title">
        <h3 id="linked-form-title">{t('forms.linked')}{form.value ? ` · ${form.value.name}` : ''}</h3>
        {form.value ? <p class="muted small">{t('forms.linkedHint')}</p> : null}
        {error.value ? <ElAlert type="error" title={error.value} closable={false} /> : null}
        {form.value ? <FormViewer ref={viewer} schema={form.value.schema} data={form.value.data} /> : null}
      </section>
    ) : null);
  },
});
