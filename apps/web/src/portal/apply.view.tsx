import { computed, defineComponent, onMounted, reactive, ref } from 'vue';
import { ElAlert, ElButton, ElCheckbox, ElCheckboxGroup, ElFormItem, ElInput, ElInputNumber, ElRadio, ElRadioGroup, ElTag } from 'element-plus';
import { ApiError } from '../api/api-client';
import type { Bundle, MergedField, ServiceItem } from '../api/api.types';
import { language, localized, t } from '../i18n/i18n';
import { navigate } from '../shell/hash-router';
import { portalApi, portalSession } from './portal-session';
import { SubmitForm } from '../shell/submit-form.view';
import { pickFlat } from '../forms/form-data.util';
import { FormViewer, type FormViewerHandle } from '../forms/form-viewer.view';

/** A certificate the applicant holds (GET /certificates?holderCode=…). */
interface HeldCertificate {
  id: string;
  type: string;
  name?: string;
  number: string;
  status: string;
}

/** A material an item of the bundle asks for, and how the applicant satisfies it. */
interface NeededMaterial {
  item: string;
  itemName: string;
  name: string;
  key: boolean;
  exemptBy: HeldCertificate | null;
  issuedInBundle: boolean;
}

type FormValue = string | number | boolean | string[] | undefined;

/**
 * Applying for a bundle: the one-time notice of everything needed, then the one merged form, the
 * materials (exempt ones with the certificate named, uploads, deferrals of non-key ones) and submit.
 */
export const ApplyView = defineComponent({
  name: 'ApplyView',
  props: { bundleCode: { type: String, required: true } },
  setup(props) {
    const bundle = ref<Bundle | null>(null);
    const items = ref<ServiceItem[]>([]);
    const held = ref<HeldCertificate[]>([]);
    const certificateTypes = ref(new Map<string, string>());
    const started = ref(false);
    const values = reactive<Record<string, FormValue>>({});
    const uploads = reactive<Record<string, { attachmentId: string; file: string }>>({});
    const deferred = ref<string[]>([]);
    const error = ref('');
    const problems = ref<string[]>([]);
    const busy = ref(false);
    const mergedForm = ref<Record<string, unknown> | null>(null);
    const viewer = ref<FormViewerHandle | null>(null);

    onMounted(async () => {
      try {
        bundle.value = await portalApi.get<Bundle>(`/bundles/${encodeURIComponent(props.bundleCode)}`, { bpmn: 'false' });
        items.value = await Promise.all((bundle.value.items ?? []).map((code) => portalApi.get<ServiceItem>(`/catalog/items/${encodeURIComponent(code)}`)));
        held.value = await portalApi.get<HeldCertificate[] | { items: HeldCertificate[] }>('/certificates', { holderCode: portalSession.applicant!.code })
          .then((answer) => (Array.isArray(answer) ? answer : answer.items))
          .catch(() => []);
        const types = await portalApi.get<{ items: { type: string; name: string }[] }>('/catalog/certificate-types');
        certificateTypes.value = new Map(types.items.map((type) => [type.type, localized(type.name)]));
        prefill();
        mergedForm.value = (await portalApi.get<{ schema: Record<string, unknown> }>(`/forms/templates/bundles/${encodeURIComponent(props.bundleCode)}`, { locale: language.value === 'en' ? 'en' : 'zh' })).schema;
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    });

    const fields = computed<MergedField[]>(() => bundle.value?.form?.fields ?? []);
    const materials = computed<NeededMaterial[]>(() => {
      const issuedTypes = new Set(items.value.map((item) => item.result).filter(Boolean));
      return items.value.flatMap((item) => item.materials.map((material) => ({
        item: item.code,
        itemName: item.name,
        name: material.name,
        key: material.key,
        exemptBy: material.satisfiedBy ? held.value.find((c) => c.type === material.satisfiedBy && c.status === 'valid') ?? null : null,
        issuedInBundle: !!material.satisfiedBy && issuedTypes.has(material.satisfiedBy),
      })));
    });
    const materialKey = (m: NeededMaterial) => `${m.item}/${m.name}`;
    /** A held certificate as the applicant knows it: its type's name (居民户口簿 …) and its number. */
    const certificateLabel = (c: HeldCertificate) => `${c.name ?? certificateTypes.value.get(c.type) ?? c.type} ${c.number}`;

    /** The applicant's name and code fill the form's fields that ask for them. */
    const prefill = () => {
      const applicant = portalSession.applicant!;
      for (const field of fields.value) {
        if (field.type === 'multiselect') values[field.key] = [];
        if (/(company|applicant)\.name$/.test(field.key) && applicant.type === (field.key.startsWith('company') ? 'company' : 'citizen')) values[field.key] = applicant.name;
        if (field.key === 'company.creditCode' && applicant.type === 'company') values[field.key] = applicant.code;
      }
    };

    const upload = async (material: NeededMaterial, event: Event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (!file) return;
      try {
        const stored = await portalApi.upload<{ id: string }>('/attachments', file, file.name);
        uploads[materialKey(material)] = { attachmentId: stored.id, file: file.name };
      } catch (failure) {
        error.value = `${material.name}: ${(failure as Error).message}`;
      }
    };

    const submit = async () => {
      busy.value = true;
      error.value = '';
      problems.value = [];
      const filled = viewer.value?.submit();
      if (filled && Object.keys(filled.errors).length > 0) {
        error.value = t('forms.invalid');
        busy.value = false;
        return;
      }
      const entered = filled ? pickFlat(filled.data, fields.value.map((f) => f.key)) : values;
      const form = Object.fromEntries(Object.entries(entered).filter(([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)));
      try {
        const created = await portalApi.post<{ id: string }>('/applications', {
          bundleCode: props.bundleCode,
          applicant: portalSession.applicant,
          form,
          materials: materials.value.filter((m) => uploads[materialKey(m)]).map((m) => ({ item: m.item, name: m.name, attachmentId: uploads[materialKey(m)].attachmentId })),
          deferred: materials.value.filter((m) => deferred.value.includes(materialKey(m)) && !uploads[materialKey(m)]).map((m) => ({ item: m.item, name: m.name })),
        });
        navigate(`portal/case?id=${created.id}`);
      } catch (failure) {
        error.value = failure instanceof ApiError && typeof failure.details?.notice === 'string' ? failure.details.notice : (failure as Error).message;
        const listed = failure instanceof ApiError ? (failure.details?.problems as { field?: string; material?: string; reason: string }[] | undefined) : undefined;
        problems.value = (listed ?? []).map((p) => `${p.field ?? p.material ?? ''}: ${p.reason}`);
      } finally {
        busy.value = false;
      }
    };

    const bind = (key: string) => ({ modelValue: values[key] as never, 'onUpdate:modelValue': (value: unknown) => { values[key] = value as FormValue; } });
    const fieldInput = (field: MergedField) => {
      const id = `field-${field.key.replace(/\W/g, '-')}`;
      const label = localized(field.label) || field.key;
      switch (field.type) {
        case 'number': return <ElInputNumber id={id} name={field.key} min={field.min} max={field.max} {...bind(field.key)} />;
        case 'date': return <ElInput id={id} name={field.key} type="date" {...bind(field.key)} />;
        case 'boolean': return <ElCheckbox name={field.key} modelValue={values[field.key] === true} onUpdate:modelValue={(v: string | number | boolean) => (values[field.key] = v === true)}>{label}</ElCheckbox>;
        case 'select': return <ElRadioGroup {...bind(field.key)} aria-label={label}>{(field.options ?? []).map((o) => <ElRadio value={o}>{o}</ElRadio>)}</ElRadioGroup>;
        case 'multiselect': return <ElCheckboxGroup {...bind(field.key)} aria-label={label}>{(field.options ?? []).map((o) => <ElCheckbox value={o}>{o}</ElCheckbox>)}</ElCheckboxGroup>;
        default: return <ElInput id={id} name={field.key} {...bind(field.key)} />;
      }
    };

    return () => {
      const current = bundle.value;
      if (!current) return error.value ? <ElAlert type="error" title={error.value} closable={false} /> : <p>{t('common.loading')}</p>;
      return (
        <div class="portal-apply" data-bundle={current.code}>
          <h2>{current.name ?? current.code}</h2>
          <section class="portal-card one-time-notice" aria-labelledby="notice-title" data-testid="one-time-notice">
            <h3 id="notice-title">{t('portal.notice')}</h3>
            <p>{t('portal.noticeIntro', { items: items.value.length, fields: fields.value.length })}</p>
            <ul class="needed-materials">
              {materials.value.map((m) => (
                <li data-material={m.name}>
                  <strong>{m.name}</strong> <span class="muted small">({m.itemName})</span>{' '}
                  {m.exemptBy ? <ElTag type="success" class="exempt">{t('portal.exemptBy', { certificate: certificateLabel(m.exemptBy) })}</ElTag>
                    : m.issuedInBundle ? <ElTag type="info">{t('portal.issuedInBundle')}</ElTag>
                    : m.key ? <ElTag type="warning">{t('portal.mustUpload')}</ElTag> : <ElTag type="info">{t('portal.mayDefer')}</ElTag>}
                </li>
              ))}
            </ul>
            {!started.value ? <ElButton type="primary" data-action="start" onClick={() => (started.value = true)}>{t('portal.start')}</ElButton> : null}
          </section>
          {started.value ? (
            <SubmitForm class="portal-card merged-form" labelPosition="top" onSubmit={(event: Event) => { event.preventDefault(); void submit(); }} aria-labelledby="form-title">
              <h3 id="form-title">{t('portal.form')}</h3>
              {mergedForm.value ? <FormViewer ref={viewer} schema={mergedForm.value} data={Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined))} /> : fields.value.map((field) => (
                <ElFormItem label={field.type === 'boolean' ? undefined : localized(field.label) || field.key} required={field.required} for={field.type === 'boolean' || field.type === 'select' || field.type === 'multiselect' ? undefined : `field-${field.key.replace(/\W/g, '-')}`} data-field={field.key}>
                  {fieldInput(field)}
                </ElFormItem>
              ))}
              <h3>{t('portal.materials')}</h3>
              {materials.value.filter((m) => !m.exemptBy).map((m) => {
                const key = materialKey(m);
                const inputId = `upload-${key.replace(/\W/g, '-')}`;
                return (
                  <div class="material-upload" data-material={m.name}>
                    <label for={inputId}>{m.name} <span class="muted small">({m.itemName})</span></label>
                    <input id={inputId} type="file" accept="application/pdf,image/png,image/jpeg" onChange={(event: Event) => void upload(m, event)} />
                    {uploads[key] ? <ElTag type="success" class="uploaded">{t('portal.uploaded', { file: uploads[key].file })}</ElTag> : null}
                    {!m.key && !uploads[key] ? (
                      <ElCheckbox modelValue={deferred.value.includes(key)} onUpdate:modelValue={(v: string | number | boolean) => (deferred.value = v ? [...deferred.value, key] : deferred.value.filter((d) => d !== key))} data-defer={m.name}>{t('portal.defer')}</ElCheckbox>
                    ) : null}
                  </div>
                );
              })}
              {error.value ? <ElAlert type="error" title={error.value} closable={false} class="submit-error">{problems.value.length ? { default: () => <ul>{problems.value.map((p) => <li>{p}</li>)}</ul> } : null}</ElAlert> : null}
              <ElButton type="primary" nativeType="submit" loading={busy.value} data-action="submit-application">{t('portal.submit')}</ElButton>
            </SubmitForm>
          ) : null}
        </div>
      );
    };
  },
});
