import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { TONGBAN_MODDLE_EXTENSIONS } from '../diagram/tongban-moddle';
import { fitViewport } from '../diagram/fit-viewport.util';

const ACTIVE_MARKER = 'tongban-active';
const DONE_MARKER = 'tongban-done';

/** A read-only diagram of an instance: active elements highlighted, elements already left dimmed green. */
export class InstanceDiagram {
  private readonly viewer: NavigatedViewer;

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container, moddleExtensions: TONGBAN_MODDLE_EXTENSIONS } as ConstructorParameters<typeof NavigatedViewer>[0]);
  }

  async show(xml: string, activeElementIds: string[], completedElementIds: string[]): Promise<void> {
    await this.viewer.importXML(xml);
    const canvas = this.viewer.get<Canvas>('canvas');
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    fitViewport(canvas);
    for (const id of completedElementIds) if (registry.get(id) && !activeElementIds.includes(id)) canvas.addMarker(id, DONE_MARKER);
    for (const id of activeElementIds) if (registry.get(id)) canvas.addMarker(id, ACTIVE_MARKER);
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
