import { computed, ref } from 'vue';
import en from 'element-plus/es/locale/lang/en';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { EN } from './messages.en';
import { ZH_CN, type MessageKey } from './messages.zh-CN';

export type { MessageKey } from './messages.zh-CN';

/** The languages the UI speaks; zh-CN is the default. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'tongban.language';
const CATALOGUES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': ZH_CN, en: EN };

function stored(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** The current language, kept in localStorage across visits. */
export const language = ref<Language>(stored());

export function setLanguage(next: Language): void {
  language.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private browsing without storage: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
}

/** Element Plus's own texts (pagination, dialogs, date pickers) in the current language. */
export const elementLocale = computed(() => (language.value === 'en' ? en : zhCn));

/** The message `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[language.value][key] ?? ZH_CN[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A message key chosen at run time (a state, an event type); falls back to `fallback` when the catalogue lacks it. */
export function tOr(key: string, fallback: string, params: Record<string, string | number> = {}): string {
  return key in ZH_CN ? t(key as MessageKey, params) : fallback;
}

/** A catalogue text `{zh, en}` in the current language. */
export function localized(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = value as { zh?: string; en?: string } | null | undefined;
  return (language.value === 'en' ? text?.en ?? text?.zh : text?.zh ?? text?.en) ?? '';
}

/** A date-time in the current language. */
export function formatTime(value: string | Date | null | undefined): string {
  return value ? new Date(value).toLocaleString(language.value, { hour12: false }) : '—';
}
