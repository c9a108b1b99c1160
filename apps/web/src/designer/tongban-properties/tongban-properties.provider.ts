import { is } from 'bpmn-js/lib/util/ModelUtil';
import { multiSelectEntry, selectEntry, textEntry } from './attribute-entries';
import { countersignEntry, countersignPresetOf, countersignRatioEntry } from './countersign-presets';
import type { TongbanCatalogue } from './tongban-catalogue';
import type { DiagramElement } from '../bpmn-objects';

/** `config.tongbanProperties`: the catalogue the entries pick from. */
export interface TongbanPropertiesConfig {
  catalogue: TongbanCatalogue;
}

const EMPTY: TongbanCatalogue = { departments: [], items: [], fields: [], certificateTypes: [] };

/**
 * Properties panel provider of the `tongban:` extension: department, service item, the fields a
 * step sees and edits, certificates consumed and issued, time limit, the decisions allowed at a
 * user task, and the 会签 / 或签 / 票签 presets of its multi-instance characteristics.
 */
export default class TongbanPropertiesProvider {
  static $inject = ['propertiesPanel', 'translate', 'config.tongbanProperties'];

  private readonly catalogue: TongbanCatalogue;

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }, private readonly translate: (key: string) => string, config?: TongbanPropertiesConfig) {
    this.catalogue = config?.catalogue ?? EMPTY;
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: DiagramElement) {
    return (groups: { id: string }[]) => {
      const entries = this.entriesFor(element);
      if (entries.length === 0) return groups;
      const group = { id: 'tongban', label: this.translate('tongban.group'), entries };
      const general = groups.findIndex((g) => g.id === 'general');
      groups.splice(general + 1, 0, group);
      return groups;
    };
  }

  private entriesFor(element: DiagramElement): unknown[] {
    const step = is(element, 'bpmn:Activity') || is(element, 'bpmn:Event') || is(element, 'bpmn:Process') || is(element, 'bpmn:Participant');
    if (!step || is(element, 'bpmn:SubProcess')) return [];
    const { departments, items, fields, certificateTypes } = this.catalogue;
    const departmentOptions = () => departments.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }));
    const itemOptions = () => items.map((i) => ({ value: i.code, label: `${i.name} (${i.code})` }));
    const fieldOptions = () => fields.map((f) => ({ value: f.key, label: `${f.label} (${f.key})` }));
    const certificateOptions = () => certificateTypes.map((c) => ({ value: c.type, label: `${c.name} (${c.type})` }));
    const entries: unknown[] = [];
    if (is(element, 'bpmn:Activity')) {
      entries.push(selectEntry('tongban-department', 'department', 'tongban.department', departmentOptions));
      entries.push(selectEntry('tongban-item', 'item', 'tongban.item', itemOptions));
    }
    if (is(element, 'bpmn:UserTask') || is(element, 'bpmn:ServiceTask') || is(element, 'bpmn:BusinessRuleTask')) {
      entries.push(multiSelectEntry('tongban-fields', 'fields', 'tongban.fields', fieldOptions));
    }
    if (is(element, 'bpmn:Activity')) {
      entries.push(multiSelectEntry('tongban-certificates-in', 'certificatesIn', 'tongban.certificatesIn', certificateOptions));
      entries.push(multiSelectEntry('tongban-certificates-out', 'certificatesOut', 'tongban.certificatesOut', certificateOptions));
      entries.push(textEntry('tongban-time-limit-days', 'timeLimitDays', 'tongban.timeLimitDays'));
      if (is(element, 'bpmn:UserTask')) entries.push(textEntry('tongban-time-limit-hours', 'timeLimitHours', 'tongban.timeLimitHours'));
      entries.push(selectEntry('tongban-time-limit-unit', 'timeLimitUnit', 'tongban.timeLimitUnit', () => [
        { value: 'working', label: this.translate('tongban.unit.working') },
        { value: 'calendar', label: this.translate('tongban.unit.calendar') },
      ]));
    }
    if (is(element, 'bpmn:UserTask')) {
      entries.push(textEntry('tongban-decisions', 'decisions', 'tongban.decisions', 'approve,reject,return'));
      entries.push(textEntry('tongban-decision-variable', 'decisionVariable', 'tongban.decisionVariable'));
      entries.push(countersignEntry());
      if (countersignPresetOf(element) === 'ratio') entries.push(countersignRatioEntry());
    }
    if (is(element, 'bpmn:ServiceTask')) entries.push(textEntry('tongban-task-type', 'taskType', 'tongban.taskType'));
    if (is(element, 'bpmn:Process')) {
      entries.push(selectEntry('tongban-item', 'item', 'tongban.item', itemOptions));
      entries.push(textEntry('tongban-time-limit-days', 'timeLimitDays', 'tongban.timeLimitDays'));
    }
    return entries;
  }
}
