import type { ModdleElement } from 'bpmn-moddle';

/** The extension elements of a given moddle type, e.g. `zeebe:TaskDefinition`. */
export function extensionsOf(element: ModdleElement | undefined, type: string): ModdleElement[] {
  const values: ModdleElement[] = element?.extensionElements?.values ?? [];
  return values.filter((value) => value.$type === type);
}

/** The first extension element of a given type. */
export function extensionOf(element: ModdleElement | undefined, type: string): ModdleElement | undefined {
  return extensionsOf(element, type)[0];
}

/** An extension attribute such as `camunda:assignee` or `tongban:department`, when set and not blank. */
export function attributeOf(element: ModdleElement | undefined, name: string): string | undefined {
  if (!element) return undefined;
  let value: unknown;
  try {
    value = element.get(name);
  } catch {
    value = undefined;
  }
  if (value === undefined || value === null) value = element.$attrs?.[name];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A comma-separated attribute as a list of trimmed, non-empty entries. */
export function listOf(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

/** The text of an expression element (`bpmn:FormalExpression`), when it has any. */
export function bodyOf(expression: ModdleElement | undefined): string | undefined {
  const body = expression?.body;
  if (body === undefined || body === null) return undefined;
  const text = String(body).trim();
  return text === '' ? undefined : text;
}

/** `bpmn:UserTask` → `userTask`. */
export function localType(element: ModdleElement): string {
  const name = element.$type.replace(/^.*:/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}
