import type { DesignerLanguage } from '../i18n/designer-text';
import { designerText } from '../i18n/designer-text';

/**
 * bpmn-js `translate` module: the palette, context pad and properties panel in the designer's
 * language (zh-CN by default, English passes the bpmn-js strings through).
 */
export function translateModule(language: DesignerLanguage) {
  const text = designerText(language);
  const translate = (template: string, replacements: Record<string, string> = {}) => text(template, replacements);
  return { translate: ['value', translate] };
}
