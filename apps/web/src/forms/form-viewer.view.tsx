import { defineComponent, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { nestData } from './form-data.util';

/** What `submit()` answers: the form's data (nested by dotted keys) and its errors by field id. */
export interface FormViewerResult {
  data: Record<string, unknown>;
  errors: Record<string, string[]>;
}

/** The handle a parent gets through a template ref. */
export interface FormViewerHandle {
  submit(): FormViewerResult;
}

/** A form-js schema rendered with the form-js viewer; read-only components are shown disabled. */
export const FormViewer = defineComponent({
  name: 'FormViewer',
  props: {
    schema: { type: Object as PropType<Record<string, unknown>>, required: true },
    /** Flat values by field key (`applicant.name`). */
    data: { type: Object as PropType<Record<string, unknown>>, default: () => ({}) },
  },
  setup(props, { expose }) {
    const container = ref<HTMLDivElement | null>(null);
    let form: Form | null = null;

    const render = async () => {
      form?.destroy();
      // No input debounce: a submit right after typing reads what was typed.
      form = new Form({ container: container.value!, debounce: false } as ConstructorParameters<typeof Form>[0]);
      await form.importSchema(props.schema, nestData(props.data));
    };
    onMounted(() => void render());
    // A new schema (another task, another bundle) renders afresh; the data is what the form opens with.
    watch(() => props.schema, () => void render());
    onBeforeUnmount(() => form?.destroy());

    expose({
      submit(): FormViewerResult {
        if (!form) return { data: {}, errors: {} };
        const { data, errors } = form.submit();
        return { data: data as Record<string, unknown>, errors: errors as Record<string, string[]> };
      },
    } satisfies FormViewerHandle);
    return () => <div class="form-viewer" ref={container} data-testid="form-viewer" />;
  },
});
