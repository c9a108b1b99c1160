import { defineComponent, onMounted, reactive, ref } from 'vue';
import { ElAlert, ElButton, ElFormItem, ElInput, ElRate, ElTag } from 'element-plus';
import { ApiError } from '../api/api-client';
import type { ApplicationProgress } from '../api/api.types';
import { formatTime, localized, t, tOr } from '../i18n/i18n';
import { portalApi } from './portal-session';
import { SubmitForm } from '../shell/submit-form.view';

const RATING_TEXTS = ['rating.1', 'rating.2', 'rating.3', 'rating.4', 'rating.5'] as const;

/** Uploads the chosen file of a file input; resolves to the attachment id. */
async function uploadFrom(event: Event): Promise<{ id: string; file: string } | null> {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return null;
  const stored = await portalApi.upload<{ id: string }>('/attachments', file, file.name);
  return { id: stored.id, file: file.name };
}

/**
 * One of the applicant's cases, public-safe: progress item by item (no staff names, no internal ids),
 * the correction to answer (补正), deferred materials to hand in, and the rating (好差评) once decided.
 */
export const CaseView = defineComponent({
  name: 'CaseView',
  props: { applicationId: { type: String, required: true } },
  setup(props) {
    const progress = ref<ApplicationProgress | null>(null);
    const rating = ref<{ level: number; comment?: string } | null>(null);
    const error = ref('');
    const message = ref('');
    const supplement = reactive<{ form: Record<string, string>; materials: Record<string, { id: string; file: string }> }>({ form: {}, materials: {} });
    const handIn = reactive<Record<string, { id: string; file: string }>>({});
    const rate = reactive({ level: 0, comment: '' });
    const names = ref<{ fields: Map<string, { label: unknown; type: string }>; certificates: Map<string, unknown> }>({ fields: new Map(), certificates: new Map() });

    /** The dictionary's labels of fields and certificate types, so the applicant reads names, not keys. */
    const loadNames = async () => {
      const [fields, certificates] = await Promise.all([
        portalApi.get<{ items: { key: string; label: unknown; type: string }[] }>('/catalog/fields'),
        portalApi.get<{ items: { type: string; name: unknown }[] }>('/catalog/certificate-types'),
      ]);
      names.value = { fields: new Map(fields.items.map((f) => [f.key, { label: f.label, type: f.type }])), certificates: new Map(certificates.items.map((c) => [c.type, c.name])) };
    };
    const fieldName = (key: string) => localized(names.value.fields.get(key)?.label) || key;
    const certificateName = (type: string) => localized(names.value.certificates.get(type)) || type;

    const load = async () => {
      try {
        progress.value = await portalApi.get<ApplicationProgress>(`/applications/${props.applicationId}`);
        rating.value = await portalApi.get<{ level: number; comment?: string }>(`/applications/${props.applicationId}/ratings`).catch((failure) => {
          if (failure instanceof ApiError && failure.status === 404) return null;
          throw failure;
        });
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    onMounted(() => Promise.all([load(), loadNames().catch(() => undefined)]));

    const run = async (call: () => Promise<unknown>, done: string) => {
      error.value = '';
      try {
        await call();
        message.value = done;
        await load();
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    const answerCorrection = () => run(() => portalApi.post(`/applications/${props.applicationId}/supplements`, {
      form: Object.fromEntries(Object.entries(supplement.form).filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, names.value.fields.get(key)?.type === 'number' ? numberOr(value) : value.trim()])),
      materials: Object.entries(supplement.materials).map(([name, upload]) => ({ name, attachmentId: upload.id })),
    }), t('portal.correctionAnswered'));
    const handInMaterials = () => run(() => portalApi.post(`/applications/${props.applicationId}/materials`, {
      materials: progress.value!.deferredMaterials.filter((m) => handIn[`${m.item}/${m.name}`]).map((m) => ({ item: m.item, name: m.name, attachmentId: handIn[`${m.item}/${m.name}`].id })),
    }), t('portal.handedIn'));
    const sendRating = () => run(() => portalApi.post(`/applications/${props.applicationId}/ratings`, { level: rate.level, ...(rate.comment.trim() && { comment: rate.comment.trim() }) }), t('portal.rated'));

    return () => {
      const p = progress.value;
      if (!p) return error.value ? <ElAlert type="error" title={error.value} closable={false} /> : <p>{t('common.loading')}</p>;
      const decided = !!p.outcome || p.items.some((item) => item.decision);
      return (
        <div class="portal-case" data-state={p.state} data-outcome={p.outcome ?? ''}>
          <h2>{p.bundleName}</h2>
          <p class="muted">{t('portal.submittedAt', { at: formatTime(p.submittedAt) })}{p.outcome ? ` · ${tOr(`applicationState.${p.outcome}`, p.outcome)}` : ''}</p>
          {message.value ? <ElAlert type="success" title={message.value} closable={false} class="notice-ok" /> : null}
          {error.value ? <ElAlert type="error" title={error.value} closable={false} class="notice-error" /> : null}
          <section class="portal-card" aria-labelledby="progress-title">
            <h3 id="progress-title">{t('portal.progress')}</h3>
            <ol class="timeline item-progress">
              {p.items.map((item) => (
                <li data-item={item.item} data-state={item.state}>
                  <time class="timeline-time">{item.endedAt ? formatTime(item.endedAt) : item.startedAt ? formatTime(item.startedAt) : ''}</time>
                  <strong>{item.name}</strong> <ElTag type={item.state === 'rejected' ? 'danger' : item.state === 'correction' ? 'warning' : ['approved', 'completed', 'certificate-issued'].includes(item.state) ? 'success' : 'info'}>{tOr(`itemState.${item.state}`, item.state)}</ElTag>
                  {item.opinion ? <p class="small">{t('portal.opinion', { opinion: item.opinion })}</p> : null}
                  {item.certificate ? <p class="small">{t('portal.certificateIssued', { number: item.certificate.number })}</p> : null}
                </li>
              ))}
            </ol>
            {p.exemptMaterials.length ? (
              <>
                <h4>{t('portal.exemptMaterials')}</h4>
                <ul>{p.exemptMaterials.map((m) => <li>{m.name} · {t('portal.exemptByType', { type: certificateName(m.certificateType) })}</li>)}</ul>
              </>
            ) : null}
          </section>
          {p.correction ? (
            <SubmitForm class="portal-card correction" labelPosition="top" data-testid="correction" onSubmit={(event: Event) => { event.preventDefault(); void answerCorrection(); }} aria-labelledby="correction-title">
              <h3 id="correction-title">{t('portal.correction')}</h3>
              <p>{p.correction.deadlineDate ? t('portal.correctionIntro', { date: p.correction.deadlineDate }) : t('portal.correctionIntroUncounted')}</p>
              {p.correction.comment ? <p class="small">{t('portal.opinion', { opinion: p.correction.comment })}</p> : null}
              {p.correction.items.map((ask) => ask.field ? (
                <ElFormItem label={`${fieldName(ask.field)} — ${ask.reason}`} for={`supplement-${ask.field.replace(/\W/g, '-')}`} data-field={ask.field}>
                  <ElInput id={`supplement-${ask.field.replace(/\W/g, '-')}`} name={ask.field} modelValue={supplement.form[ask.field] ?? ''} onUpdate:modelValue={(v: string) => (supplement.form[ask.field!] = v)} />
                </ElFormItem>
              ) : (
                <div class="material-upload" data-material={ask.material}>
                  <label for={`supplement-file-${ask.material}`}>{ask.material} — {ask.reason}</label>
                  <input id={`supplement-file-${ask.material}`} type="file" accept="application/pdf,image/png,image/jpeg" onChange={(event: Event) => void uploadFrom(event).then((u) => { if (u) supplement.materials[ask.material!] = u; }).catch((f: Error) => (error.value = f.message))} />
                  {supplement.materials[ask.material!] ? <ElTag type="success" class="uploaded">{t('portal.uploaded', { file: supplement.materials[ask.material!].file })}</ElTag> : null}
                </div>
              ))}
              <ElButton type="primary" nativeType="submit" data-action="answer-correction">{t('portal.answerCorrection')}</ElButton>
            </SubmitForm>
          ) : null}
          {p.deferredMaterials.length ? (
            <section class="portal-card" aria-labelledby="deferred-title">
              <h3 id="deferred-title">{t('portal.deferred')}</h3>
              {p.deferredMaterials.map((m) => (
                <div class="material-upload" data-material={m.name}>
                  <label for={`deferred-${m.item}-${m.name}`}>{m.name} · {m.deadlineDate ? t('material.dueBy', { date: m.deadlineDate }) : <span class="deadline-uncounted" title={m.deadlineProblem}>{t('material.dueNotCounted')}</span>}{m.overdue ? ` (${t('warning.overdue')})` : ''}</label>
                  <input id={`deferred-${m.item}-${m.name}`} type="file" accept="application/pdf,image/png,image/jpeg" onChange={(event: Event) => void uploadFrom(event).then((u) => { if (u) handIn[`${m.item}/${m.name}`] = u; }).catch((f: Error) => (error.value = f.message))} />
                </div>
              ))}
              <ElButton type="primary" data-action="hand-in" disabled={Object.keys(handIn).length === 0} onClick={() => void handInMaterials()}>{t('portal.handIn')}</ElButton>
            </section>
          ) : null}
          {decided ? (
            <section class="portal-card rating" aria-labelledby="rating-title" data-testid="rating">
              <h3 id="rating-title">{t('portal.rate')}</h3>
              {rating.value ? <p data-rated={rating.value.level}>{t('portal.ratedAs', { level: t(RATING_TEXTS[rating.value.level - 1]) })}</p> : (
                <SubmitForm labelPosition="top" onSubmit={(event: Event) => { event.preventDefault(); void sendRating(); }}>
                  <ElFormItem label={t('portal.ratingLevel')}>
                    <ElRate modelValue={rate.level} onUpdate:modelValue={(v: number) => (rate.level = v)} texts={RATING_TEXTS.map((key) => t(key))} showText aria-label={t('portal.ratingLevel')} />
                  </ElFormItem>
                  <ElFormItem label={t('portal.ratingComment')} for="rating-comment">
                    <ElInput id="rating-comment" name="ratingComment" type="textarea" modelValue={rate.comment} onUpdate:modelValue={(v: string) => (rate.comment = v)} />
                  </ElFormItem>
                  <ElButton type="primary" nativeType="submit" disabled={rate.level === 0} data-action="rate">{t('portal.sendRating')}</ElButton>
                </SubmitForm>
              )}
            </section>
          ) : null}
          <p><a href="#/portal">{t('portal.back')}</a></p>
        </div>
      );
    };
  },
});

/** A supplemented value as the applicant typed it, a number when it reads as one. */
function numberOr(value: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}
