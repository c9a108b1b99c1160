/** The bpmn-io packages of the designer ship JavaScript without declarations; typed loosely here. */
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: any;
  export const BpmnPropertiesProviderModule: any;
  export const ZeebePropertiesProviderModule: any;
  export function useService(name: string): any;
}
declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: any;
  export const SelectEntry: any;
  export const isTextFieldEntryEdited: any;
  export const isSelectEntryEdited: any;
}
declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: any, props?: any, ...children: any[]): any;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const module: any;
  export default module;
}
declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const descriptor: any;
  export default descriptor;
}
declare module 'bpmn-js-bpmnlint' {
  const module: any;
  export default module;
}
declare module 'bpmn-js-element-templates' {
  export const CloudElementTemplatesPropertiesProviderModule: any;
}
declare module '@bpmn-io/form-js' {
  export class FormEditor {
    constructor(options: { container: HTMLElement; [key: string]: unknown });
    importSchema(schema: unknown): Promise<unknown>;
    saveSchema(): any;
    destroy(): void;
    on(event: string, callback: (...args: any[]) => void): void;
  }
  export class Form {
    constructor(options: { container: HTMLElement; [key: string]: unknown });
    importSchema(schema: unknown, data?: unknown): Promise<unknown>;
    submit(): { data: Record<string, unknown>; errors: Record<string, unknown> };
    destroy(): void;
  }
}
declare module 'bpmnlint/rules/*' {
  const factory: (config?: any) => { check: any };
  export default factory;
}
