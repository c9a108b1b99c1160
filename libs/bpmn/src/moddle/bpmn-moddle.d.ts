/** Types for the parts of bpmn-moddle 10 that libs/bpmn uses (the package ships none for `node10` resolution). */
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    $parent?: ModdleElement;
    $attrs?: Record<string, string>;
    id?: string;
    get(name: string): any;
    [key: string]: any;
  }

  export interface ParseWarning {
    message: string;
    element?: ModdleElement;
    property?: string;
    value?: string;
    error?: Error;
  }

  export interface ParseResult {
    rootElement: ModdleElement;
    references: unknown[];
    warnings: ParseWarning[];
    elementsById: Record<string, ModdleElement>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
