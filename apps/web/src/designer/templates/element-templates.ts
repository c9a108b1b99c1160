/**
 * The element templates published in docs/element-templates (Camunda Modeler desktop format,
 * Camunda 8 schema), bundled into the designer so both modelers offer the same fields.
 */
const files = import.meta.glob('../../../../../docs/element-templates/*.json', { eager: true, import: 'default' });

export const TONGBAN_ELEMENT_TEMPLATES: unknown[] = Object.keys(files).sort().flatMap((path) => {
  const content = files[path];
  return Array.isArray(content) ? content : [content];
});
