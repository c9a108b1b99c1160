import { mountDesigner as mountDesignerModule } from '../designer';
import type { MountPage } from './page-host.view';

/**
 * The designer mounted into a container of the shell with its api client and language; the shell
 * mounts it again when the language changes, so palette, context pad and properties panel follow.
 */
export const mountDesigner: MountPage = async (container, deps) => {
  const designer = await mountDesignerModule(container, {
    api: deps.api,
    language: deps.language === 'en' ? 'en' : 'zh-CN',
    open: { definition: deps.query.get('definition'), bundle: deps.query.get('bundle') },
    defaultProcessKey: 'three-department-approval',
  });
  return () => designer.destroy();
};
