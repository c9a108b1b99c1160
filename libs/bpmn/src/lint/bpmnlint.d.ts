/** Types for the parts of bpmnlint 11 that libs/bpmn uses (its rule modules ship no declarations). */
declare module 'bpmnlint/rules/*' {
  const factory: (config?: any) => { check: any };
  export default factory;
}

declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config?: unknown; resolver: unknown });
    lint(root: unknown, config?: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>>;
  }
}
