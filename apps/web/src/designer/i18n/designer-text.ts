import { en } from './en';
import { zhCN } from './zh-CN';

/** The languages the designer speaks; zh-CN is the default. */
export type DesignerLanguage = 'zh-CN' | 'en';

const CATALOGUES: Record<DesignerLanguage, Record<string, string>> = { 'zh-CN': zhCN, en };

/**
 * The designer's text in a language: its own catalogue first, then the host's `t`, then the key
 * itself (bpmn-js strings are English, so English falls through to them). `{name}` placeholders
 * are filled from `replacements`.
 */
export function designerText(language: DesignerLanguage, fallback?: (key: string) => string) {
  const catalogue = CATALOGUES[language] ?? zhCN;
  return (key: string, replacements: Record<string, string | number> = {}): string => {
    let text = catalogue[key];
    if (text === undefined && fallback) {
      const hosted = fallback(key);
      if (hosted !== key) text = hosted;
    }
    text ??= en[key] ?? key;
    return text.replace(/{([^}]+)}/g, (match, name: string) => (replacements[name] === undefined ? match : String(replacements[name])));
  };
}
