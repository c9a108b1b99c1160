import type { ApiClient } from '../api/api-client';
import type { TokenResponse } from '../api/api.types';
import { h, mount, notice } from '../dom/dom.util';
import type { Session } from './session.store';

const DEMO_USERS = ['designer', 'admin', 'supervisor', 'clerk.market-regulation', 'clerk.city-appearance', 'clerk.fire-rescue'];

/** Sign-in form; demo users have password = user name. */
export function renderLogin(root: HTMLElement, api: ApiClient, session: Session, onSignedIn: () => void): void {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, placeholder: 'designer' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('div', { class: 'login-message' });
  const submit = h('button', { type: 'submit', class: 'primary' }, '登录 / Sign in');

  const form = h('form', { class: 'login-form' },
    h('h1', {}, '通办 Tongban'),
    h('p', { class: 'muted' }, '一件事一次办 · One thing, done once'),
    h('label', {}, '用户名 / User name', username),
    h('label', {}, '密码 / Password', password),
    submit,
    message,
    h('p', { class: 'muted small' }, '演示账号 / Demo users (password = user name): ',
      DEMO_USERS.map((user) => h('button', { type: 'button', class: 'link', onclick: () => { username.value = user; password.value = user; } }, user))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const response = await api.post<TokenResponse>('/auth/token', { username: username.value.trim(), password: password.value });
      session.signIn(response);
      onSignedIn();
    } catch (error) {
      mount(message, notice('error', `登录失败 / Sign-in failed: ${(error as Error).message}`));
    } finally {
      submit.disabled = false;
    }
  });
  mount(root, h('div', { class: 'login-page' }, form));
  username.focus();
}
