/** dmn-js ships no type declarations: the Modeler as the decisions page uses it. */
declare module 'dmn-js/lib/Modeler' {
  interface DmnView { type: string; element: { id: string } }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: string, callback: () => void): void;
    destroy(): void;
  }
}
