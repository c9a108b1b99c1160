import { computed, defineComponent, onBeforeUnmount, onMounted, ref } from 'vue';
import { ElAlert, ElButton, ElInput, ElOption, ElSelect } from 'element-plus';
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import type { BundleSummary, Page, ServiceItem } from '../api/api.types';
import { language as uiLanguage, t } from '../i18n/i18n';

/** The language generated labels are in. */
const language = () => (uiLanguage.value === 'en' ? 'en' : 'zh');
import { api } from '../session/staff';
import { SubmitForm } from '../shell/submit-form.view';
import './forms.css';

/** A dictionary field's form-js component (GET /forms/templates/dictionary). */
interface PaletteField {
  id: string;
  type: string;
  key: string;
  label: string;
  [other: string]: unknown;
}

/** A stored form version (GET /forms/{id}). */
interface StoredForm {
  formId: string;
  version: number;
  name: string;
  schema: Record<string, unknown> & { id: string; components: unknown[] };
  versions?: number[];
  created?: boolean;
}

/** A form-js editor component as its registry holds it. */
interface EditorField {
  id: string;
  type: string;
  key?: string;
  components?: EditorField[];
}

function blankSchema(id: string): StoredForm['schema'] {
  return { id, type: 'default', components: [] };
}

/**
 * The form designer: forms stored server side with their versions, the form-js editor, and a
 * palette of dictionary fields whose click adds a component bound to the field, with its rules.
 */
export const FormsView = defineComponent({
  name: 'FormsView',
  setup() {
    const forms = ref<StoredForm[]>([]);
    const fields = ref<PaletteField[]>([]);
    const items = ref<ServiceItem[]>([]);
    const bundles = ref<BundleSummary[]>([]);
    const formId = ref('');
    const name = ref('');
    const versions = ref<number[]>([]);
    const filter = ref('');
    const itemCode = ref('');
    const bundleCode = ref('');
    const message = ref('');
    const error = ref('');
    const busy = ref(false);
    const container = ref<HTMLDivElement | null>(null);
    let editor: FormEditor | null = null;

    const open = async (schema: StoredForm['schema']) => {
      editor ??= new FormEditor({ container: container.value! });
      await editor.importSchema(schema);
    };
    const loadList = async () => {
      forms.value = (await api.get<Page<StoredForm>>('/forms')).items;
    };
    const load = async (id: string, version?: number) => {
      error.value = '';
      message.value = '';
      const form = await api.get<StoredForm>(version ? `/forms/${encodeURIComponent(id)}/versions/${version}` : `/forms/${encodeURIComponent(id)}`);
      formId.value = form.formId;
      name.value = form.name;
      versions.value = form.versions ?? [];
      await open(form.schema);
    };
    const fresh = async () => {
      formId.value = `form-${Date.now().toString(36)}`;
      name.value = '';
      versions.value = [];
      message.value = '';
      await open(blankSchema(formId.value));
    };

    onMounted(async () => {
      try {
        const [dictionary, itemPage, bundlePage] = await Promise.all([
          api.get<{ schema: { components: PaletteField[] } }>('/forms/templates/dictionary', { locale: language() }), api.get<Page<ServiceItem>>('/catalog/items'), api.get<Page<BundleSummary>>('/bundles'),
        ]);
        fields.value = dictionary.schema.components;
        items.value = itemPage.items;
        bundles.value = bundlePage.items;
        await loadList();
        await fresh();
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    });
    onBeforeUnmount(() => editor?.destroy());

    const shown = computed(() => {
      const text = filter.value.trim().toLowerCase();
      return fields.value.filter((f) => !text || f.key.toLowerCase().includes(text) || f.label.toLowerCase().includes(text));
    });

    /** Adds the dictionary field's component (bound to it, with its rules) at the end of the form. */
    const addField = (field: PaletteField) => {
      error.value = '';
      const registry = editor!.get<{ getAll(): EditorField[] }>('formFieldRegistry');
      if (registry.getAll().some((f) => f.key === field.key)) {
        error.value = t('forms.duplicate', { field: field.key });
        return;
      }
      const root = registry.getAll().find((f) => f.type === 'default')!;
      const { id: _id, ...attrs } = field;
      editor!.get<{ addFormField(attrs: unknown, target: EditorField, index: number): void }>('modeling').addFormField(attrs, root, root.components?.length ?? 0);
    };
    const generate = async (kind: 'items' | 'bundles', code: string) => {
      if (!code) return;
      error.value = '';
      const template = await api.get<{ name: string; schema: StoredForm['schema'] }>(`/forms/templates/${kind}/${encodeURIComponent(code)}`, { locale: language() });
      formId.value = template.schema.id;
      name.value = template.name;
      versions.value = [];
      await open(template.schema);
    };

    const save = async () => {
      busy.value = true;
      error.value = '';
      message.value = '';
      try {
        const schema = { ...(editor!.saveSchema() as Record<string, unknown>), id: formId.value.trim() };
        const saved = await api.post<StoredForm>('/forms', { name: name.value.trim() || formId.value.trim(), schema });
        versions.value = saved.versions ?? [saved.version];
        message.value = saved.created ? t('forms.saved', { form: saved.formId, version: saved.version }) : t('forms.unchanged', { version: saved.version });
        await loadList();
      } catch (failure) {
        error.value = (failure as Error).message;
      } finally {
        busy.value = false;
      }
    };

    return () => (
      <main class="page page-forms" aria-labelledby="forms-title">
        <h1 id="forms-title" class="visually-hidden">{t('forms.title')}</h1>
        <aside class="forms-list" aria-labelledby="forms-list-title">
          <h2 id="forms-list-title">{t('forms.list')}</h2>
          <ElButton data-action="new-form" onClick={() => void fresh()}>{t('forms.new')}</ElButton>
          {forms.value.length === 0 ? <p class="muted">{t('forms.none')}</p> : (
            <ul>{forms.value.map((f) => <li><a href="javascript:void 0" data-form={f.formId} onClick={() => void load(f.formId)}>{f.name} <span class="muted small">{f.formId} · v{f.version}</span></a></li>)}</ul>
          )}
          <h2 id="forms-versions-title">{t('forms.versions')}</h2>
          <ul class="form-versions" aria-labelledby="forms-versions-title">
            {versions.value.map((v) => <li><a href="javascript:void 0" data-version={v} onClick={() => void load(formId.value, v)}>{t('forms.version', { version: v })}</a></li>)}
          </ul>
        </aside>
        <section class="forms-editor" aria-labelledby="forms-editor-title">
          <h2 id="forms-editor-title">{t('forms.editor')}</h2>
          <SubmitForm class="form-meta" labelPosition="top" onSubmit={(event: Event) => { event.preventDefault(); void save(); }}>
            <label for="form-id">{t('forms.id')}</label>
            <ElInput id="form-id" name="formId" modelValue={formId.value} onUpdate:modelValue={(v: string) => (formId.value = v)} />
            <label for="form-name">{t('forms.name')}</label>
            <ElInput id="form-name" name="name" modelValue={name.value} onUpdate:modelValue={(v: string) => (name.value = v)} />
            <ElButton type="primary" nativeType="submit" loading={busy.value} data-action="save-form">{t('forms.save')}</ElButton>
          </SubmitForm>
          <div class="form-generate">
            <ElSelect aria-label={t('forms.fromItem')} placeholder={t('forms.fromItem')} filterable modelValue={itemCode.value} onUpdate:modelValue={(v: string) => (itemCode.value = v)}>
              {items.value.map((i) => <ElOption value={i.code} label={`${i.name} (${i.code})`} />)}
            </ElSelect>
            <ElButton data-action="generate-item" onClick={() => void generate('items', itemCode.value)}>{t('forms.generate')}</ElButton>
            <ElSelect aria-label={t('forms.fromBundle')} placeholder={t('forms.fromBundle')} filterable modelValue={bundleCode.value} onUpdate:modelValue={(v: string) => (bundleCode.value = v)}>
              {bundles.value.map((b) => <ElOption value={b.code} label={b.name ?? b.code} />)}
            </ElSelect>
            <ElButton data-action="generate-bundle" onClick={() => void generate('bundles', bundleCode.value)}>{t('forms.generate')}</ElButton>
          </div>
          {message.value ? <ElAlert type="success" title={message.value} closable={false} class="notice-ok" /> : null}
          {error.value ? <ElAlert type="error" title={error.value} closable={false} class="notice-error" /> : null}
          <div class="form-editor-canvas" ref={container} data-testid="form-editor" />
        </section>
        <aside class="forms-palette" aria-labelledby="forms-palette-title">
          <h2 id="forms-palette-title">{t('forms.palette')}</h2>
          <p class="muted small">{t('forms.paletteHint')}</p>
          <ElInput aria-label={t('forms.paletteFilter')} placeholder={t('forms.paletteFilter')} modelValue={filter.value} onUpdate:modelValue={(v: string) => (filter.value = v)} />
          <ul>
            {shown.value.map((f) => (
              <li><button type="button" class="palette-field" data-field={f.key} title={t('forms.addField', { field: f.label })} onClick={() => addField(f)}>
                {f.label} <span class="muted small">{f.key}</span>
              </button></li>
            ))}
          </ul>
        </aside>
      </main>
    );
  },
});
