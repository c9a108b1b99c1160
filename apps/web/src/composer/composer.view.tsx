import { computed, defineComponent, onMounted, reactive, ref, watch } from 'vue';
import './composer.css';
import { ElAlert, ElButton, ElFormItem, ElInput, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { ApiError } from '../api/api-client';
import { t } from '../i18n/i18n';
import { navigate, routeTo } from '../shell/hash-router';
import { SubmitForm } from '../shell/submit-form.view';
import { api } from '../session/staff';
import { useComposerPreview } from './composer-preview';
import type { CatalogItem, Department } from './composer.types';
import { BUNDLE_CODE, searchItems } from './item-search';
import { MergedFormTable } from './merged-form.view';
import { SavingsTable } from './savings-table.view';

/** A generated bundle, ready to refine in the designer or to deploy as generated. */
interface Generated {
  code: string;
  processKey: string;
  deployedVersion?: number;
}

/**
 * Bundle composer (一件事编排): pick service items from the catalogue, watch the merged form and
 * the savings follow each change, generate the bundle's BPMN, then refine it in the designer or
 * deploy it as generated.
 */
export const ComposerView = defineComponent({
  name: 'ComposerView',
  setup() {
    const catalogue = ref<CatalogItem[]>([]);
    const departments = ref<Department[]>([]);
    const query = ref('');
    const selected = ref<string[]>([]);
    const bundle = reactive({ code: '', name: '' });
    const loadError = ref('');
    const actionError = ref('');
    const busy = ref(false);
    const generated = ref<Generated | null>(null);
    const { preview, error: previewError, loading, refresh } = useComposerPreview(api);

    const found = computed(() => searchItems(catalogue.value, departments.value, query.value));
    const byCode = computed(() => new Map(catalogue.value.map((item) => [item.code, item])));
    const departmentName = (code: string) => departments.value.find((d) => d.code === code)?.name ?? code;
    const codeProblem = computed(() => (bundle.code && !BUNDLE_CODE.test(bundle.code) ? t('composer.codeInvalid') : ''));
    const ready = computed(() => selected.value.length > 0 && BUNDLE_CODE.test(bundle.code) && bundle.name.trim() !== '' && !!preview.value && !loading.value);

    onMounted(async () => {
      try {
        const [items, units] = await Promise.all([
          api.get<{ items: CatalogItem[] }>('/catalog/items'),
          api.get<{ items: Department[] }>('/departments').catch(() => ({ items: [] as Department[] })),
        ]);
        catalogue.value = [...items.items].sort((a, b) => a.code.localeCompare(b.code));
        departments.value = units.items;
      } catch (failure) {
        loadError.value = (failure as Error).message;
      }
    });
    watch(selected, (items) => {
      generated.value = null;
      refresh(items);
    }, { deep: true });

    const add = (code: string) => {
      if (!selected.value.includes(code)) selected.value = [...selected.value, code];
    };
    const remove = (code: string) => {
      selected.value = selected.value.filter((c) => c !== code);
    };

    /** 1. compose the bundle (a new one, or a new version of the bundle with that code once confirmed); 2. keep its process key. */
    const generate = async () => {
      if (!ready.value) return;
      busy.value = true;
      actionError.value = '';
      const body = { name: bundle.name.trim(), items: selected.value };
      try {
        let result: { code: string; processKey: string };
        try {
          result = await api.post('/bundles', { code: bundle.code, ...body });
        } catch (failure) {
          if (!(failure instanceof ApiError && failure.status === 409) || !window.confirm(t('composer.replaceExisting', { code: bundle.code }))) throw failure;
          result = await api.put(`/bundles/${encodeURIComponent(bundle.code)}`, body);
        }
        generated.value = { code: result.code, processKey: result.processKey };
      } catch (failure) {
        actionError.value = (failure as Error).message;
      } finally {
        busy.value = false;
      }
    };
    const deploy = async () => {
      if (!generated.value) return;
      busy.value = true;
      actionError.value = '';
      try {
        const result = await api.post<{ version: number }>(`/bundles/${encodeURIComponent(generated.value.code)}/deploy`);
        generated.value = { ...generated.value, deployedVersion: result.version };
      } catch (failure) {
        actionError.value = (failure as Error).message;
      } finally {
        busy.value = false;
      }
    };
    const refine = () => generated.value && navigate(routeTo('designer', { bundle: generated.value.code }));

    const catalogueTable = () => (
      <ElTable data={found.value} class="composer-catalogue" data-testid="composer-catalogue" rowKey="code" height={420} emptyText={loadError.value || t('composer.noMatch')}>
        <ElTableColumn label={t('composer.item')} minWidth={150}>{{
          default: ({ row }: { row: CatalogItem }) => <span>{row.name} <small class="muted">{row.code}</small></span>,
        }}</ElTableColumn>
        <ElTableColumn label={t('composer.department')} minWidth={110}>{{ default: ({ row }: { row: CatalogItem }) => departmentName(row.department) }}</ElTableColumn>
        <ElTableColumn label={t('composer.promisedDays')} minWidth={100}>{{ default: ({ row }: { row: CatalogItem }) => row.promisedDays }}</ElTableColumn>
        <ElTableColumn label={t('composer.actions')} minWidth={80}>{{
          default: ({ row }: { row: CatalogItem }) => (
            <ElButton size="small" data-action="add-item" data-item={row.code} disabled={selected.value.includes(row.code)}
              aria-label={t('composer.addItem', { name: row.name })} onClick={() => add(row.code)}>{t('composer.add')}</ElButton>
          ),
        }}</ElTableColumn>
      </ElTable>
    );

    const selection = () => (
      <ul class="composer-selection" data-testid="composer-selection" aria-live="polite">
        {selected.value.length === 0 ? <li class="muted">{t('composer.nothingPicked')}</li> : selected.value.map((code) => (
          <li data-item={code}>
            <span>{byCode.value.get(code)?.name ?? code} <small class="muted">{code} · {departmentName(byCode.value.get(code)?.department ?? '')}</small></span>
            <ElButton size="small" link type="danger" data-action="remove-item" data-item={code} aria-label={t('composer.removeItem', { name: byCode.value.get(code)?.name ?? code })} onClick={() => remove(code)}>
              {t('composer.remove')}
            </ElButton>
          </li>
        ))}
      </ul>
    );

    const result = () => {
      const current = preview.value;
      if (previewError.value) return <ElAlert type="error" title={previewError.value} closable={false} data-testid="composer-problem" />;
      if (!current) return <p class="muted">{t('composer.previewHint')}</p>;
      return (
        <div class={['composer-preview', loading.value ? 'is-loading' : '']} data-testid="composer-preview" data-items={current.items.join(',')} aria-busy={loading.value ? 'true' : 'false'}>
          <h3>{t('composer.savings.title')}</h3>
          <SavingsTable savings={current.savings} />
          <p class="composer-departments" data-testid="composer-departments">
            {t('composer.departments')}: {current.departments.map((code) => <ElTag size="small" class="department" data-department={code}>{departmentName(code)}</ElTag>)}
          </p>
          <h3>{t('composer.form.title', { count: current.form.fields.length })}</h3>
          <MergedFormTable fields={current.form.fields} />
        </div>
      );
    };

    const actions = () => (
      <SubmitForm class="composer-bundle" labelPosition="top" onSubmit={() => void generate()}>
        <ElFormItem label={t('composer.code')} for="bundle-code" error={codeProblem.value}>
          <ElInput id="bundle-code" name="code" modelValue={bundle.code} placeholder="open-bakery" onUpdate:modelValue={(value: string) => { bundle.code = value.trim(); generated.value = null; }} />
        </ElFormItem>
        <ElFormItem label={t('composer.name')} for="bundle-name">
          <ElInput id="bundle-name" name="name" modelValue={bundle.name} onUpdate:modelValue={(value: string) => { bundle.name = value; generated.value = null; }} />
        </ElFormItem>
        <ElButton type="primary" nativeType="submit" data-action="generate" loading={busy.value} disabled={!ready.value}>{t('composer.generate')}</ElButton>
        {actionError.value ? <ElAlert type="error" title={actionError.value} closable={false} class="composer-error" /> : null}
        {generated.value ? (
          <div class="composer-generated" data-testid="composer-generated" data-process-key={generated.value.processKey} role="status">
            <p>{t('composer.generated', { processKey: generated.value.processKey })}</p>
            <ElButton type="primary" data-action="refine" onClick={refine}>{t('composer.refine')}</ElButton>
            <ElButton data-action="deploy" loading={busy.value} onClick={() => void deploy()}>{t('composer.deploy')}</ElButton>
            {generated.value.deployedVersion ? <p class="deploy-result" data-version={generated.value.deployedVersion}>{t('composer.deployed', { version: generated.value.deployedVersion })}</p> : null}
          </div>
        ) : null}
      </SubmitForm>
    );

    return () => (
      <main class="page page-composer">
        <section class="composer-pane" aria-labelledby="composer-catalogue-title">
          <h2 id="composer-catalogue-title">{t('composer.catalogue')}</h2>
          <ElInput class="search" type="search" name="item-search" clearable modelValue={query.value} onUpdate:modelValue={(value: string) => (query.value = value)}
            placeholder={t('composer.searchPlaceholder')} aria-label={t('composer.search')} />
          {catalogueTable()}
        </section>
        <section class="composer-pane" aria-labelledby="composer-bundle-title">
          <h2 id="composer-bundle-title">{t('composer.bundle')}</h2>
          {selection()}
          {actions()}
        </section>
        <section class="composer-pane composer-result" aria-labelledby="composer-preview-title">
          <h2 id="composer-preview-title">{t('composer.preview')}</h2>
          {result()}
        </section>
      </main>
    );
  },
});
