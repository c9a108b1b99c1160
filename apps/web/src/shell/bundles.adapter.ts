import { bundlesPage } from '../bundles/bundles.page';
import type { MountPage } from './page-host.view';

/** The bundle list (一件事 and their savings) mounted into a container of the shell. */
export const mountBundles: MountPage = (container, deps) => bundlesPage.render(container, deps);
