import type { PageDefinition } from '../shell/page';
import { mountDesigner } from '.';

/** The designer in the current shell: mounts the framework-agnostic designer at `#/designer`. */
export const designerPage: PageDefinition = {
  path: 'designer',
  title: '流程设计 / Designer',
  roles: ['designer', 'admin'],
  async render(root, ctx) {
    const designer = await mountDesigner(root, {
      api: ctx.api,
      language: document.documentElement.lang === 'en' ? 'en' : 'zh-CN',
      open: { definition: ctx.query.get('definition'), bundle: ctx.query.get('bundle') },
      defaultProcessKey: 'three-department-approval',
    });
    return () => designer.destroy();
  },
};
