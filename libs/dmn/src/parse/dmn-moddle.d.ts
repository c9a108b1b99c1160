/** Types for the parts of dmn-moddle 12 that libs/dmn uses (the package ships none). */
declare module 'dmn-moddle' {
  export interface DmnElement {
    $type: string;
    id: string;
    name?: string;
    [key: string]: any;
  }

  export interface DmnParseResult {
    rootElement: DmnElement;
    warnings: Array<{ message: string; element?: DmnElement }>;
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<DmnParseResult>;
  }
}
