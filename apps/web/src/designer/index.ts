/** The designer for any host (the current shell's page, a Vue route): `mountDesigner(container, deps)`. */
export { mountDesigner, type DesignerDeps, type DesignerDraft, type MountedDesigner } from './mount-designer';
export type { DesignerLanguage } from './i18n/designer-text';
