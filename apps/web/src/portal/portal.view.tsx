import { defineComponent, onMounted, reactive, ref } from 'vue';
import { ElAlert, ElButton, ElCard, ElFormItem, ElInput, ElTag } from 'element-plus';
import type { ApplicationProgress, BundleSummary, Page, TokenResponse } from '../api/api.types';
import { formatTime, t, tOr } from '../i18n/i18n';
import { LanguageSwitch } from '../shell/language-switch.view';
import { route } from '../shell/hash-router';
import { ApplyView } from './apply.view';
import { CaseView } from './case.view';
import { NotAnApplicantError, portalApi, portalSession } from './portal-session';
import { SubmitForm } from '../shell/submit-form.view';

const DEMO_APPLICANTS = ['applicant.zhang', 'applicant.li'];

/** Portal sign-in with the applicant's own account; the demo applicants' password is their user name. */
const PortalSignIn = defineComponent({
  name: 'PortalSignIn',
  setup() {
    const form = reactive({ username: '', password: '' });
    const error = ref('');
    const busy = ref(false);
    const submit = async (event?: Event) => {
      event?.preventDefault();
      if (!form.username.trim() || !form.password) {
        error.value = t('portal.signInIncomplete');
        return;
      }
      busy.value = true;
      error.value = '';
      try {
        await portalSession.signIn(await portalApi.post<TokenResponse>('/auth/token', { username: form.username.trim(), password: form.password }));
      } catch (failure) {
        error.value = failure instanceof NotAnApplicantError ? t('portal.notApplicant') : t('login.failed', { reason: (failure as Error).message });
      } finally {
        busy.value = false;
      }
    };
    return () => (
      <SubmitForm class="portal-card login-form" labelPosition="top" onSubmit={submit} aria-labelledby="portal-sign-in">
        <h2 id="portal-sign-in">{t('portal.signIn')}</h2>
        <ElFormItem label={t('login.username')} for="portal-username">
          <ElInput id="portal-username" name="username" autocomplete="username" modelValue={form.username} onUpdate:modelValue={(v: string) => (form.username = v)} />
        </ElFormItem>
        <ElFormItem label={t('login.password')} for="portal-password">
          <ElInput id="portal-password" name="password" type="password" autocomplete="current-password" modelValue={form.password} onUpdate:modelValue={(v: string) => (form.password = v)} />
        </ElFormItem>
        <ElButton type="primary" nativeType="submit" loading={busy.value} data-action="portal-sign-in">{t('login.submit')}</ElButton>
        {error.value ? <ElAlert type="error" title={error.value} closable={false} /> : null}
        <p class="muted small">
          {t('portal.demoApplicants')}{' '}
          {DEMO_APPLICANTS.map((user) => (
            <button type="button" class="text-link" onClick={() => { form.username = user; form.password = user; }}>{user}</button>
          ))}
        </p>
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
          portalApi.get<Page<ApplicationProgress>>('/applications', { limit: 50 }),
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
      const applicant = portalSession.current.value;
      const page = route.path.replace(/^portal\/?/, '');
      return (
        <div class="portal">
          <header class="app-header portal-header">
            <a class="brand" href="#/portal">{t('portal.title')}</a>
            <span class="spacer" />
            {applicant ? <span class="user">{applicant.name}</span> : null}
            <LanguageSwitch />
            {applicant ? <button type="button" class="header-button" data-action="portal-sign-out" onClick={() => void portalSession.signOut()}>{t('nav.signOut')}</button> : null}
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
