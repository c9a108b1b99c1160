import { ApiClient } from '../api/api-client';
import { h, mount, notice } from '../dom/dom.util';
import { renderLogin } from '../session/login.page';
import { Session } from '../session/session.store';
import { currentRoute, navigate, onRouteChange, type Route } from './hash-router';
import type { PageDefinition, Teardown } from './page';

/** The frame of the UI: header with the pages the user may open, and the current page below it. */
export class AppShell {
  private readonly session = new Session();
  private readonly api = new ApiClient(this.session);
  private teardown: Teardown | void = undefined;

  constructor(private readonly root: HTMLElement, private readonly pages: PageDefinition[]) {}

  start(): void {
    this.session.onChange(() => this.show(currentRoute()));
    onRouteChange((route) => this.show(route));
    this.show(currentRoute());
  }

  private allowed(): PageDefinition[] {
    return this.pages.filter((page) => page.roles.length === 0 || this.session.hasRole(...page.roles));
  }

  private async show(route: Route): Promise<void> {
    this.teardown?.();
    this.teardown = undefined;
    if (!this.session.user) {
      renderLogin(this.root, this.api, this.session, () => navigate(''));
      return;
    }
    const pages = this.allowed();
    const page = pages.find((candidate) => candidate.path === route.path);
    if (!page) {
      if (pages[0]) navigate(pages[0].path);
      else mount(this.root, this.header(pages, undefined), notice('error', '没有可用页面 / No page for your roles'));
      return;
    }
    const main = h('main', { class: `page page-${page.path}` });
    mount(this.root, this.header(pages, page), main);
    document.title = `${page.title} · 通办 Tongban`;
    try {
      this.teardown = await page.render(main, { api: this.api, session: this.session, query: route.query, navigate });
    } catch (error) {
      mount(main, notice('error', (error as Error).message));
    }
  }

  private header(pages: PageDefinition[], active: PageDefinition | undefined): HTMLElement {
    const user = this.session.user!;
    return h('header', { class: 'app-header' },
      h('a', { class: 'brand', href: '#/' }, '通办 Tongban'),
      h('nav', {}, pages.map((page) => h('a', { href: `#/${page.path}`, class: page === active ? 'active' : null, 'data-page': page.path }, page.title))),
      h('span', { class: 'user' }, `${user.username}${user.department ? ` · ${user.department}` : ''}`),
      h('button', { class: 'link', onclick: () => void this.api.signOut(), 'data-action': 'sign-out' }, '退出 / Sign out'),
    );
  }
}
