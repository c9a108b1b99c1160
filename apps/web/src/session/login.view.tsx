import { defineComponent, onMounted, reactive, ref } from 'vue';
import { ElAlert, ElButton, ElFormItem, ElInput } from 'element-plus';
import type { AuthConfig, TokenResponse } from '../api/api.types';
import { t } from '../i18n/i18n';
import { LanguageSwitch } from '../shell/language-switch.view';
import { api, session } from './staff';
import { SubmitForm } from '../shell/submit-form.view';

/** The one-time ticket the single sign-on callback hands to this page (`?oidc_ticket=`), taken off the address. */
function takeOidcTicket(): string | null {
  const url = new URL(window.location.href);
  const ticket = url.searchParams.get('oidc_ticket');
  if (ticket) {
    url.searchParams.delete('oidc_ticket');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return ticket;
}

const DEMO_USERS = ['designer', 'admin', 'supervisor', 'clerk.market-regulation', 'clerk.city-appearance', 'clerk.fire-rescue'];

/** Sign-in for staff (password, or the agency's identity provider when configured); the demo users' password is their user name. */
export const LoginView = defineComponent({
  name: 'LoginView',
  setup() {
    const form = reactive({ username: '', password: '' });
    const error = ref('');
    const busy = ref(false);
    const usernameInput = ref<InstanceType<typeof ElInput> | null>(null);
    const oidc = ref(false);

    const submit = async (event?: Event) => {
      event?.preventDefault();
      busy.value = true;
      error.value = '';
      try {
        session.signIn(await api.post<TokenResponse>('/auth/token', { username: form.username.trim(), password: form.password }));
      } catch (failure) {
        error.value = t('login.failed', { reason: (failure as Error).message });
      } finally {
        busy.value = false;
      }
    };
    const redeem = async (ticket: string) => {
      busy.value = true;
      try {
        session.signIn(await api.post<TokenResponse>('/auth/oidc/ticket', { ticket }));
      } catch (failure) {
        error.value = t('login.failed', { reason: (failure as Error).message });
      } finally {
        busy.value = false;
      }
    };
    onMounted(() => {
      usernameInput.value?.focus();
      const ticket = takeOidcTicket();
      if (ticket) void redeem(ticket);
      api.get<AuthConfig>('/auth/config').then((config) => (oidc.value = config.oidc), () => undefined);
    });

    return () => (
      <>
      <header class="app-header">
        <span class="brand">{t('app.name')}</span>
        <span class="spacer" />
        <LanguageSwitch />
      </header>
      <main class="login-page">
        <SubmitForm class="login-form" labelPosition="top" onSubmit={submit} aria-labelledby="login-title">
          <h1 id="login-title">{t('app.name')}</h1>
          <p class="muted">{t('app.slogan')}</p>
          <ElFormItem label={t('login.username')} for="login-username">
            <ElInput ref={usernameInput} id="login-username" name="username" autocomplete="username" modelValue={form.username} onUpdate:modelValue={(v: string) => (form.username = v)} />
          </ElFormItem>
          <ElFormItem label={t('login.password')} for="login-password">
            <ElInput id="login-password" name="password" type="password" autocomplete="current-password" modelValue={form.password} onUpdate:modelValue={(v: string) => (form.password = v)} />
          </ElFormItem>
          <ElButton type="primary" nativeType="submit" loading={busy.value}>{t('login.submit')}</ElButton>
          {oidc.value ? <ElButton data-action="oidc-login" onClick={() => window.location.assign('/api/v1/auth/oidc/login')}>{t('login.oidc')}</ElButton> : null}
          {error.value ? <ElAlert type="error" title={error.value} closable={false} showIcon /> : null}
          <p class="muted small">
            {t('login.demoUsers')}{' '}
            {DEMO_USERS.map((user) => (
              <button type="button" class="text-link" onClick={() => { form.username = user; form.password = user; }}>{user}</button>
            ))}
          </p>
          <p class="small"><a href="#/portal">{t('login.toPortal')}</a></p>
        </SubmitForm>
      </main>
      </>
    );
  },
});
