import { SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject } from 'bpmn-js/lib/util/ModelUtil';
import type { DiagramElement } from '../bpmn-objects';

type Element = DiagramElement;

/** Reads and writes one `tongban:` attribute of an element through `modeling` (undoable). */
function useAttribute(element: Element, property: string) {
  const modeling = useService('modeling');
  return {
    getValue: () => getBusinessObject(element).get(`tongban:${property}`) ?? '',
    setValue: (value: string | undefined) => modeling.updateProperties(element, { [`tongban:${property}`]: value ? value : undefined }),
  };
}

/** A text entry of a `tongban:` attribute. */
export function textEntry(id: string, property: string, labelKey: string, description?: string) {
  const component = ({ element }: { element: Element }) => {
    const translate = useService('translate');
    const debounce = useService('debounceInput');
    return h(TextFieldEntry, { element, id, label: translate(labelKey), description, debounce, ...useAttribute(element, property) });
  };
  return { id, component, isEdited: isTextFieldEntryEdited };
}

/** A select entry of a `tongban:` attribute; an unknown current value stays listed so it is visible. */
export function selectEntry(id: string, property: string, labelKey: string, options: () => { value: string; label: string }[]) {
  const component = ({ element }: { element: Element }) => {
    const translate = useService('translate');
    const attribute = useAttribute(element, property);
    const getOptions = () => {
      const list = [{ value: '', label: translate('tongban.none') }, ...options()];
      const current = attribute.getValue();
      return current && !list.some((option) => option.value === current) ? [...list, { value: current, label: `${current} ⚠` }] : list;
    };
    return h(SelectEntry, { element, id, label: translate(labelKey), getOptions, ...attribute });
  };
  return { id, component, isEdited: isSelectEntryEdited };
}

/** A multiple choice of a comma-separated `tongban:` list attribute (fields, certificates). */
export function multiSelectEntry(id: string, property: string, labelKey: string, options: () => { value: string; label: string }[]) {
  const component = ({ element }: { element: Element }) => {
    const translate = useService('translate');
    const attribute = useAttribute(element, property);
    const selected = String(attribute.getValue()).split(',').map((value) => value.trim()).filter(Boolean);
    const list = options();
    const all = [...list, ...selected.filter((value) => !list.some((option) => option.value === value)).map((value) => ({ value, label: `${value} ⚠` }))];
    const inputId = `bio-properties-panel-${id}`;
    const onChange = (event: Event) => {
      const chosen = [...(event.target as HTMLSelectElement).selectedOptions].map((option) => option.value);
      attribute.setValue(chosen.join(','));
    };
    return h('div', { class: 'bio-properties-panel-entry tongban-multi-select', 'data-entry-id': id },
      h('label', { for: inputId, class: 'bio-properties-panel-label' }, translate(labelKey)),
      h('select', { id: inputId, name: id, multiple: true, size: Math.min(6, Math.max(3, all.length)), class: 'bio-properties-panel-input', onChange },
        all.map((option) => h('option', { value: option.value, selected: selected.includes(option.value) }, option.label))));
  };
  return { id, component, isEdited: (node: HTMLElement) => Boolean(node?.querySelector?.('option:checked')) };
}
