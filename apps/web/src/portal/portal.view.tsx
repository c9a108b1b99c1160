import { defineComponent, onMounted, reactive, ref } from 'vue';
import { ElAlert, ElButton, ElCard, ElFormItem, ElInput, ElRadio, ElRadioGroup, ElTag } from 'element-plus';
import type { ApplicationProgress, BundleSummary, Page } from '../api/api.types';
import { formatTime, t, tOr } from '../i18n/i18n';
import { LanguageSwitch } from '../shell/language-switch.view';
import { route } from '../shell/hash-router';
import { ApplyView } from './apply.view';
import { CaseView } from './case.view';
import { portalApi, portalSession, type Applicant } from './portal-session';
import { SubmitForm } from '../shell/submit-form.view';

/** Portal sign-in: who applies, and the portal's access key. */
const PortalSignIn = defineComponent({
  name: 'PortalSignIn',
  setup() {
    const form = reactive<Applicant & { accessKey: string }>({ type: 'company', code: '', name: '', accessKey: '' });
    const error = ref('');
    const submit = (event?: Event) => {
      event?.preventDefault();
      if (!form.code.trim() || !form.name.trim() || !form.accessKey.trim()) {
        error.value = t('portal.signInIncomplete');
        return;
      }
      portalSession.signIn({ type: form.type, code: form.code.trim(), name: form.name.trim() }, form.accessKey.trim());
    };
    return () => (
      <SubmitForm class="portal-card login-form" labelPosition="top" onSubmit={submit} aria-labelledby="portal-sign-in">
        <h2 id="portal-sign-in">{t('portal.signIn')}</h2>
        <ElFormItem label={t('portal.applicantType')}>
          <ElRadioGroup modelValue={form.type} onUpdate:modelValue={(v: string | number | boolean | undefined) => (form.type = v as Applicant['type'])} aria-label={t('portal.applicantType')}>
            <ElRadio value="company">{t('portal.company')}</ElRadio>
            <ElRadio value="person">{t('portal.person')}</ElRadio>
          </ElRadioGroup>
        </ElFormItem>
        <ElFormItem label={t(form.type === 'company' ? 'portal.creditCode' : 'portal.idNumber')} for="portal-code">
          <ElInput id="portal-code" name="applicantCode" modelValue={form.code} onUpdate:modelValue={(v: string) => (form.code = v)} />
        </ElFormItem>
        <ElFormItem label={t('portal.applicantName')} for="portal-name">
          <ElInput id="portal-name" name="applicantName" modelValue={form.name} onUpdate:modelValue={(v: string) => (form.name = v)} />
        </ElFormItem>
        <ElFormItem label={t('portal.accessKey')} for="portal-key">
          <ElInput id="portal-key" name="accessKey" type="password" showPassword modelValue={form.accessKey} onUpdate:modelValue={(v: string) => (form.accessKey = v)} />
        </ElFormItem>
        <p class="muted small">{t('portal.accessKeyHelp')}</p>
        <ElButton type="primary" nativeType="submit" data-action="portal-sign-in">{t('login.submit')}</ElButton>
        {error.value ? <ElAlert type="error" title={error.value} closable={false} /> : null}
      </SubmitForm>
    );
  },
});

/** The portal's home: bundles to apply for, and the applicant's own cases. */
const PortalHome = defineComponent({
  name: 'PortalHome',
  setup() {
    const bundles = ref<BundleSummary[]>([]);
    const cases = ref<ApplicationProgress[]>([]);
    const error = ref('');
    onMounted(async () => {
      try {
        const [offered, mine] = await Promise.all([
          portalApi.get<Page<BundleSummary>>('/bundles'),
          portalApi.get<Page<ApplicationProgress>>('/applications', { applicantCode: portalSession.applicant!.code, limit: 50 }),
        ]);
        bundles.value = offered.items;
        cases.value = mine.items;
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    });
    return () => (
      <div class="portal-home">
        {error.value ? <ElAlert type="error" title={error.value} closable={false} /> : null}
        <section aria-labelledby="my-cases">
          <h2 id="my-cases">{t('portal.myCases')}</h2>
          {cases.value.length === 0 ? <p class="muted">{t('portal.noCases')}</p> : (
            <ul class="case-list">
              {cases.value.map((application) => (
                <li><a href={`#/portal/case?id=${application.id}`} data-application-id={application.id}>{application.bundleName}</a>{' '}
                  <ElTag>{tOr(`applicationState.${application.outcome ?? application.state}`, application.outcome ?? application.state)}</ElTag>{' '}
                  <span class="muted small">{formatTime(application.submittedAt)}</span></li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="bundles-title">
          <h2 id="bundles-title">{t('portal.chooseBundle')}</h2>
          <div class="bundle-choices">
            {bundles.value.map((bundle) => (
              <ElCard class="bundle-choice" shadow="hover" data-bundle={bundle.code}>
                <h3>{bundle.name ?? bundle.code}</h3>
                <a class="el-button el-button--primary apply-link" href={`#/portal/apply?bundle=${encodeURIComponent(bundle.code)}`} data-action="apply">{t('portal.apply')}</a>
              </ElCard>
            ))}
          </div>
        </section>
      </div>
    );
  },
});

/** The applicant portal (办事人): public pages at `#/portal`, usable on a phone. */
export const PortalView = defineComponent({
  name: 'PortalView',
  setup() {
    return () => {
      const applicant = portalSession.current.value?.applicant;
      const page = route.path.replace(/^portal\/?/, '');
      return (
        <div class="portal">
          <header class="app-header portal-header">
            <a class="brand" href="#/portal">{t('portal.title')}</a>
            <span class="spacer" />
            {applicant ? <span class="user">{applicant.name}</span> : null}
            <LanguageSwitch />
            {applicant ? <button type="button" class="header-button" data-action="portal-sign-out" onClick={() => portalSession.signOut()}>{t('nav.signOut')}</button> : null}
          </header>
          <main class="portal-main">
            {!applicant ? <PortalSignIn />
              : page === 'apply' ? <ApplyView key={route.query.get('bundle') ?? ''} bundleCode={route.query.get('bundle') ?? ''} />
              : page === 'case' ? <CaseView key={route.query.get('id') ?? ''} applicationId={route.query.get('id') ?? ''} />
              : <PortalHome />}
          </main>
        </div>
      );
    };
  },
});
