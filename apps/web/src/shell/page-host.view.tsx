import { defineComponent, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue';
import type { ApiClient } from '../api/api-client';
import type { Session } from '../session/session.store';
import { language, t, type Language, type MessageKey } from '../i18n/i18n';
import { navigate, route } from './hash-router';

/** What a page that mounts itself into a container (the designer) is given. */
export interface MountDeps {
  api: ApiClient;
  session: Session;
  query: URLSearchParams;
  navigate(path: string): void;
  t(key: MessageKey): string;
  language: Language;
}

/** Mounts a page into `container`; resolves to the function that unmounts it. */
export type MountPage = (container: HTMLElement, deps: MountDeps) => Promise<(() => void) | void>;

/**
 * Hosts a page written without Vue (the bpmn-js designer, the bundle list) inside the Vue shell:
 * mounts it on entry, again when the query or the language changes, and tears it down on exit.
 */
export const PageHost = defineComponent({
  name: 'PageHost',
  props: {
    mount: { type: Function as PropType<MountPage>, required: true },
    api: { type: Object as PropType<ApiClient>, required: true },
    session: { type: Object as PropType<Session>, required: true },
    pageClass: { type: String, required: true },
  },
  setup(props) {
    const container = ref<HTMLElement | null>(null);
    let teardown: (() => void) | void = undefined;
    let generation = 0;

    const show = async () => {
      const mine = ++generation;
      teardown?.();
      teardown = undefined;
      if (!container.value) return;
      container.value.replaceChildren();
      const deps: MountDeps = { api: props.api, session: props.session, query: new URLSearchParams(route.query), navigate, t, language: language.value };
      try {
        const undo = await props.mount(container.value, deps);
        if (mine === generation) teardown = undo;
        else undo?.();
      } catch (error) {
        const message = document.createElement('div');
        message.className = 'notice notice-error';
        message.setAttribute('role', 'alert');
        message.textContent = (error as Error).message;
        container.value?.replaceChildren(message);
      }
    };

    onMounted(() => void show());
    watch(() => [route.query.toString(), language.value], () => void show());
    onBeforeUnmount(() => {
      generation++;
      teardown?.();
    });
    return () => <main ref={container} class={['legacy-page', 'page', props.pageClass]} />;
  },
});
