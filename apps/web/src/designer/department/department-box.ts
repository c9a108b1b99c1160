import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import type { Element } from 'bpmn-js/lib/model/Types';

/** `config.departmentBox`: the departments offered as suggestions. */
export interface DepartmentBoxConfig {
  departments?: string[];
}

interface FieldSpec {
  property: string;
  label: string;
  placeholder?: string;
  suggestions?: string[];
}

/** A small properties box on the canvas: `tongban:department` and time limit of a user task, id and name of the process. */
export default class DepartmentBox {
  static $inject = ['eventBus', 'canvas', 'modeling', 'config.departmentBox'];

  private readonly box: HTMLElement;
  private element: Element | null = null;

  constructor(eventBus: EventBus, private readonly canvas: Canvas, private readonly modeling: Modeling, private readonly config: DepartmentBoxConfig = {}) {
    this.box = document.createElement('div');
    this.box.className = 'tongban-department-box';
    canvas.getContainer().appendChild(this.box);

    eventBus.on('selection.changed', (event: { newSelection: Element[] }) => this.show(event.newSelection.length === 1 ? event.newSelection[0] : null));
    eventBus.on(['import.done', 'elements.changed'], () => this.show(this.element && this.canvas.getRootElement() !== this.element ? this.element : null));
  }

  /** 1. pick what to edit  2. render one input per property. */
  private show(selected: Element | null): void {
    const element = selected ?? this.rootProcess();
    this.element = element;
    const fields = element ? this.fieldsFor(element) : [];
    this.box.replaceChildren();
    if (!element || fields.length === 0) {
      this.box.hidden = true;
      return;
    }
    this.box.hidden = false;
    this.box.dataset.elementId = element.id;
    const title = document.createElement('div');
    title.className = 'tongban-department-box-title';
    title.textContent = is(element, 'bpmn:UserTask') ? `用户任务 / User task · ${element.id}` : `流程 / Process · ${element.id}`;
    this.box.append(title, ...fields.map((field) => this.input(element, field)));
  }

  private fieldsFor(element: Element): FieldSpec[] {
    if (is(element, 'bpmn:UserTask')) {
      return [
        { property: 'tongban:department', label: '办理部门 / Department', placeholder: 'market-regulation', suggestions: this.config.departments },
        { property: 'tongban:timeLimitDays', label: '办结时限(工作日) / Time limit (working days)', placeholder: '5' },
      ];
    }
    if (is(element, 'bpmn:Process')) {
      return [
        { property: 'id', label: '流程标识 / Process id (key)' },
        { property: 'name', label: '流程名称 / Process name' },
      ];
    }
    return [];
  }

  private input(element: Element, field: FieldSpec): HTMLElement {
    const label = document.createElement('label');
    label.textContent = field.label;
    const input = document.createElement('input');
    input.name = field.property;
    input.value = String(getBusinessObject(element).get(field.property) ?? '');
    if (field.placeholder) input.placeholder = field.placeholder;
    if (field.suggestions?.length) {
      const list = document.createElement('datalist');
      list.id = `tongban-${field.property.replace(/\W/g, '-')}-options`;
      list.append(...field.suggestions.map((value) => Object.assign(document.createElement('option'), { value })));
      input.setAttribute('list', list.id);
      label.append(list);
    }
    input.addEventListener('change', () => this.update(element, field.property, input.value.trim()));
    label.append(input);
    return label;
  }

  private update(element: Element, property: string, value: string): void {
    if (property === 'id' && !value) return;
    const current = getBusinessObject(element).get(property) ?? '';
    if (current === value) return;
    this.modeling.updateProperties(element, { [property]: value || undefined });
  }

  private rootProcess(): Element | null {
    const root = this.canvas.getRootElement() as Element | undefined;
    return root && is(root, 'bpmn:Process') ? root : null;
  }
}
