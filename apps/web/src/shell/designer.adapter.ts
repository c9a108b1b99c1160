import { designerPage } from '../designer/designer.page';
import type { MountPage } from './page-host.view';

/**
 * The designer mounted into a container with the shell's api client, language and translations;
 * the designer module's own `mountDesigner(container, deps)` takes its place once it exports one.
 */
export const mountDesigner: MountPage = (container, deps) => designerPage.render(container, deps);
