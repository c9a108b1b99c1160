import { mountDesigner as mountDesignerModule, type DesignerDraft } from '../designer';
import { guardLeave } from './hash-router';
import type { MountPage } from './page-host.view';

/** Unsaved work of the designer torn down for a remount in place (the language changed), with the route it belongs to. */
let carried: { draft: DesignerDraft; route: string } | undefined;

/**
 * The designer mounted into a container of the shell with its api client and language; the shell
 * mounts it again when the language changes, so palette, context pad and properties panel follow,
 * and the diagram being edited comes along unsaved.
 */
export const mountDesigner: MountPage = async (container, deps) => {
  const route = location.hash;
  const draft = carried?.route === route ? carried.draft : undefined;
  carried = undefined;
  const designer = await mountDesignerModule(container, {
    api: deps.api,
    language: deps.language === 'en' ? 'en' : 'zh-CN',
    open: { definition: deps.query.get('definition'), bundle: deps.query.get('bundle') },
    draft,
    guardLeave,
    defaultProcessKey: 'three-department-approval',
  });
  return () => {
    const unsaved = designer.draft();
    if (unsaved && location.hash === route) carried = { draft: unsaved, route };
    designer.destroy();
  };
};
