import { computed, defineComponent, h, watchEffect, type Component } from 'vue';
import { ElConfigProvider } from 'element-plus';
import { elementLocale, language, t, type MessageKey } from '../i18n/i18n';
import { ComposerView } from '../composer';
import { DecisionsView } from '../decisions/decisions.view';
import { FormsView } from '../forms/forms.view';
import { InboxView } from '../inbox/inbox.view';
import { MonitorView } from '../monitor/monitor.view';
import { PortalView } from '../portal/portal.view';
import { SupervisionView } from '../supervision/supervision.view';
import { LoginView } from '../session/login.view';
import { api, currentUser, session } from '../session/staff';
import { mountBundles } from './bundles.adapter';
import { mountDesigner } from './designer.adapter';
import { navigate, route } from './hash-router';
import { LanguageSwitch } from './language-switch.view';
import { PageHost, type MountPage } from './page-host.view';

/** A page of the staff UI at `#/<path>`, for users with one of `roles` (any signed-in user when empty). */
interface StaffPage {
  path: string;
  title: MessageKey;
  roles: string[];
  view?: Component;
  mount?: MountPage;
}

const PAGES: StaffPage[] = [
  { path: 'designer', title: 'nav.designer', roles: ['designer', 'admin'], mount: mountDesigner },
  { path: 'composer', title: 'nav.composer', roles: ['designer', 'admin'], view: ComposerView },
  { path: 'forms', title: 'nav.forms', roles: ['designer', 'admin'], view: FormsView },
  { path: 'inbox', title: 'nav.inbox', roles: ['clerk'], view: InboxView },
  { path: 'monitor', title: 'nav.monitor', roles: ['supervisor', 'admin'], view: MonitorView },
  { path: 'supervision', title: 'nav.supervision', roles: ['supervisor', 'admin'], view: SupervisionView },
  { path: 'decisions', title: 'nav.decisions', roles: ['designer', 'admin'], view: DecisionsView },
  { path: 'bundles', title: 'nav.bundles', roles: [], mount: mountBundles },
];

/** The staff frame: header with the pages the user may open, the current page below it. */
const StaffLayout = defineComponent({
  name: 'StaffLayout',
  setup() {
    const pages = computed(() => PAGES.filter((page) => page.roles.length === 0 || session.hasRole(...page.roles)));
    const active = computed(() => pages.value.find((page) => page.path === route.path));
    watchEffect(() => {
      if (!active.value && pages.value[0]) navigate(pages.value[0].path);
    });
    watchEffect(() => {
      document.title = `${active.value ? `${t(active.value.title)} · ` : ''}${t('app.name')}`;
    });
    return () => {
      const user = currentUser.value!;
      const page = active.value;
      return (
        <div class="staff-app">
          <header class="app-header">
            <a class="brand" href="#/">{t('app.name')}</a>
            <nav aria-label={t('nav.label')}>
              {pages.value.map((candidate) => (
                <a href={`#/${candidate.path}`} class={candidate === page ? 'active' : undefined} aria-current={candidate === page ? 'page' : undefined} data-page={candidate.path}>
                  {t(candidate.title)}
                </a>
              ))}
            </nav>
            <span class="user">{user.username}{user.department ? ` · ${user.department}` : ''}</span>
            <LanguageSwitch />
            <button type="button" class="header-button" data-action="sign-out" onClick={() => void session.logout()}>{t('nav.signOut')}</button>
          </header>
          {!page ? <main class="page"><p role="alert">{t('nav.noPage')}</p></main>
            : page.view ? h(page.view, { key: page.path })
            : <PageHost key={page.path} mount={page.mount!} api={api} session={session} pageClass={`page-${page.path}`} />}
        </div>
      );
    };
  },
});

/** The whole UI: the applicant portal at `#/portal…`, else staff sign-in or the staff frame. */
export const App = defineComponent({
  name: 'App',
  setup() {
    watchEffect(() => {
      document.documentElement.lang = language.value;
    });
    return () => (
      <ElConfigProvider locale={elementLocale.value}>
        {route.path.startsWith('portal') ? <PortalView /> : currentUser.value ? <StaffLayout /> : <LoginView />}
      </ElConfigProvider>
    );
  },
});
