import { SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject } from 'bpmn-js/lib/util/ModelUtil';
import type { DiagramElement, ModdleObject, Service } from '../bpmn-objects';

/** 会签 (all approve), 或签 (any one), 票签 (a share of the votes), or a single approver. */
export type CountersignPreset = 'none' | 'all' | 'any' | 'ratio';

const ANY_CONDITION = '=numberOfCompletedInstances >= 1';
const RATIO = /^=\s*numberOfCompletedInstances\s*\/\s*numberOfInstances\s*>=\s*([0-9.]+)\s*$/;
const DEFAULT_RATIO = '0.6';
const DEFAULT_COLLECTION = '=signers';

/** The preset a task's multi-instance characteristics match; `none` when it has none. */
export function countersignPresetOf(element: { businessObject: ModdleObject }): CountersignPreset {
  const loop = getBusinessObject(element).loopCharacteristics;
  if (!loop || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return 'none';
  const condition = String(loop.completionCondition?.body ?? '').trim();
  if (!condition) return 'all';
  if (condition.replace(/\s+/g, ' ') === ANY_CONDITION) return 'any';
  return RATIO.test(condition) ? 'ratio' : 'all';
}

function zeebeLoopOf(loop: ModdleObject | undefined): ModdleObject | undefined {
  return (loop?.extensionElements?.values ?? []).find((value: ModdleObject) => value.$type === 'zeebe:LoopCharacteristics');
}

/** Applies a preset: parallel multi-instance over the signers, with the preset's completion condition. */
function applyPreset(element: DiagramElement, preset: CountersignPreset, services: { modeling: Service; bpmnFactory: Service }, ratio = DEFAULT_RATIO): void {
  const { modeling, bpmnFactory } = services;
  if (preset === 'none') {
    modeling.updateProperties(element, { loopCharacteristics: undefined });
    return;
  }
  const previous = getBusinessObject(element).loopCharacteristics;
  const previousZeebe = zeebeLoopOf(previous);
  const zeebeLoop = bpmnFactory.create('zeebe:LoopCharacteristics', {
    inputCollection: previousZeebe?.inputCollection ?? DEFAULT_COLLECTION,
    inputElement: previousZeebe?.inputElement ?? 'signer',
  });
  const extensionElements = bpmnFactory.create('bpmn:ExtensionElements', { values: [zeebeLoop] });
  const condition = preset === 'any' ? ANY_CONDITION : preset === 'ratio' ? `=numberOfCompletedInstances / numberOfInstances >= ${ratio}` : undefined;
  const loop = bpmnFactory.create('bpmn:MultiInstanceLoopCharacteristics', {
    isSequential: false,
    extensionElements,
    completionCondition: condition ? bpmnFactory.create('bpmn:FormalExpression', { body: condition }) : undefined,
  });
  zeebeLoop.$parent = extensionElements;
  extensionElements.$parent = loop;
  modeling.updateProperties(element, { loopCharacteristics: loop });
}

/** The preset picker: 会签 / 或签 / 票签 / single approver. */
export function countersignEntry() {
  const id = 'tongban-countersign';
  const component = ({ element }: { element: DiagramElement }) => {
    const translate = useService('translate');
    const modeling = useService('modeling');
    const bpmnFactory = useService('bpmnFactory');
    return h(SelectEntry, {
      element,
      id,
      label: translate('tongban.countersign'),
      getValue: () => countersignPresetOf(element),
      setValue: (value: CountersignPreset) => applyPreset(element, value, { modeling, bpmnFactory }),
      getOptions: () => (['none', 'all', 'any', 'ratio'] as const).map((value) => ({ value, label: translate(`tongban.countersign.${value}`) })),
    });
  };
  return { id, component, isEdited: isSelectEntryEdited };
}

/** The share of votes a 票签 needs, shown for the ratio preset only. */
export function countersignRatioEntry() {
  const id = 'tongban-countersign-ratio';
  const component = ({ element }: { element: DiagramElement }) => {
    const translate = useService('translate');
    const modeling = useService('modeling');
    const bpmnFactory = useService('bpmnFactory');
    const debounce = useService('debounceInput');
    const getValue = () => RATIO.exec(String(getBusinessObject(element).loopCharacteristics?.completionCondition?.body ?? '').trim())?.[1] ?? DEFAULT_RATIO;
    const setValue = (value: string) => {
      const ratio = Number(value);
      if (Number.isFinite(ratio) && ratio > 0 && ratio <= 1) applyPreset(element, 'ratio', { modeling, bpmnFactory }, String(ratio));
    };
    const validate = (value: string) => {
      const ratio = Number(value);
      return Number.isFinite(ratio) && ratio > 0 && ratio <= 1 ? null : '0 < x ≤ 1';
    };
    return h(TextFieldEntry, { element, id, label: translate('tongban.countersign.ratioValue'), getValue, setValue, validate, debounce });
  };
  return { id, component, isEdited: isTextFieldEntryEdited };
}
