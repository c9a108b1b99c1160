import { defineComponent } from 'vue';
import { language, LANGUAGES, setLanguage, t } from '../i18n/i18n';

const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { 'zh-CN': '中文', en: 'English' };

/** Switches between the UI languages; each language is named in itself. */
export const LanguageSwitch = defineComponent({
  name: 'LanguageSwitch',
  setup() {
    return () => {
      const next = LANGUAGES.find((candidate) => candidate !== language.value)!;
      return (
        <button type="button" class="language-switch" data-action="language" lang={next} aria-label={t('language.switchTo', { language: LANGUAGE_NAMES[next] })} onClick={() => setLanguage(next)}>
          {LANGUAGE_NAMES[next]}
        </button>
      );
    };
  },
});

