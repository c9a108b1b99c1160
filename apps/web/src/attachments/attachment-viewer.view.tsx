import { defineComponent, onBeforeUnmount, ref, type PropType } from 'vue';
import { ElAlert, ElButton, ElDialog } from 'element-plus';
import type { ApiClient } from '../api/api-client';
import { t } from '../i18n/i18n';

/** A button that opens an uploaded material (PDF or image) in the browser, fetched with the caller's credentials. */
export const AttachmentViewer = defineComponent({
  name: 'AttachmentViewer',
  props: {
    api: { type: Object as PropType<ApiClient>, required: true },
    attachmentId: { type: String, required: true },
    name: { type: String, required: true },
  },
  setup(props) {
    const open = ref(false);
    const url = ref('');
    const type = ref('');
    const error = ref('');

    const show = async () => {
      open.value = true;
      if (url.value) return;
      try {
        const blob = await props.api.blob(`/attachments/${props.attachmentId}/content`);
        type.value = blob.type;
        url.value = URL.createObjectURL(blob);
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    onBeforeUnmount(() => url.value && URL.revokeObjectURL(url.value));

    return () => (
      <>
        <ElButton size="small" link type="primary" data-action="open-attachment" data-attachment-id={props.attachmentId} onClick={() => void show()}>
          {t('attachment.open', { name: props.name })}
        </ElButton>
        <ElDialog modelValue={open.value} title={props.name} width="min(900px, 96vw)" onClose={() => (open.value = false)} class="attachment-dialog">
          {error.value ? <ElAlert type="error" title={error.value} closable={false} />
            : !url.value ? <p>{t('common.loading')}</p>
            : type.value.startsWith('image/') ? <img class="attachment-image" src={url.value} alt={props.name} />
            : <iframe class="attachment-frame" src={url.value} title={props.name} data-content-type={type.value} />}
        </ElDialog>
      </>
    );
  },
});
