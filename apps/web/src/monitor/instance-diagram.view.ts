import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { TONGBAN_MODDLE_EXTENSIONS } from '../diagram/tongban-moddle';
import { fitViewport } from '../diagram/fit-viewport.util';

const ACTIVE_MARKER = 'tongban-active';
const DONE_MARKER = 'tongban-done';
const INCIDENT_MARKER = 'tongban-incident';

/** What the monitor marks on an instance's diagram. */
export interface DiagramState {
  active: string[];
  completed: string[];
  incidents: string[];
  /** How often each element was entered, shown beside it. */
  counts: Record<string, number>;
}

/** A read-only diagram of an instance fitted to its box: active, completed and incident elements marked, counts per element. */
export class InstanceDiagram {
  private readonly viewer: NavigatedViewer;

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container, moddleExtensions: TONGBAN_MODDLE_EXTENSIONS } as ConstructorParameters<typeof NavigatedViewer>[0]);
  }

  async show(xml: string, state: DiagramState): Promise<void> {
    await this.viewer.importXML(xml);
    const canvas = this.viewer.get<Canvas>('canvas');
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    const overlays = this.viewer.get<Overlays>('overlays');
    fitViewport(canvas);
    const mark = (ids: string[], marker: string) => { for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker); };
    mark(state.completed.filter((id) => !state.active.includes(id)), DONE_MARKER);
    mark(state.active, ACTIVE_MARKER);
    mark(state.incidents, INCIDENT_MARKER);
    for (const [id, count] of Object.entries(state.counts)) {
      if (!registry.get(id) || count === 0) continue;
      const badge = document.createElement('span');
      badge.className = `element-count${state.incidents.includes(id) ? ' element-count-incident' : ''}`;
      badge.dataset.elementId = id;
      badge.textContent = String(count);
      overlays.add(id, 'count', { position: { bottom: 8, left: -8 }, html: badge });
    }
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
