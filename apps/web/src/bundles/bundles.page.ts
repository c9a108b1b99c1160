import type { BundleSummary, Page } from '../api/api.types';
import { ApiError } from '../api/api-client';
import { h, mount, notice } from '../dom/dom.util';
import type { PageDefinition } from '../shell/page';

/** The savings report's figures, as pairs "item by item" → "as one bundle". */
const SAVINGS_ROWS: { label: string; before: string; after: string }[] = [
  { label: '填写要素 / Form entries', before: 'fieldsSeparately', after: 'fieldsOnce' },
  { label: '提交材料 / Materials handed in', before: 'materialsSeparately', after: 'materialsToSubmit' },
  { label: '跑动次数 / Visits', before: 'visitsSeparately', after: 'visitsBundle' },
  { label: '承诺时限(天) / Promised days', before: 'daysSeparately', after: 'daysBundle' },
];

/** Bundles (一件事): each bundle with what it saves the applicant compared to applying item by item. */
export const bundlesPage: PageDefinition = {
  path: 'bundles',
  title: '一件事 / Bundles',
  roles: [],
  async render(root, ctx) {
    let bundles: BundleSummary[];
    try {
      bundles = (await ctx.api.get<Page<BundleSummary>>('/bundles')).items;
    } catch (error) {
      const missing = error instanceof ApiError && error.status === 404;
      mount(root, notice(missing ? 'info' : 'error', missing ? '此服务器尚未提供一件事 / Bundles are not available on this server' : (error as Error).message));
      return;
    }
    const cards = await Promise.all(bundles.map(async (bundle) => {
      const savings = await ctx.api.get<Record<string, number>>(`/bundles/${encodeURIComponent(bundle.code)}/savings`).catch((error: Error) => error);
      return h('article', { class: 'bundle-card', 'data-bundle': bundle.code },
        h('h2', {}, bundle.name ?? bundle.code),
        h('p', { class: 'muted' }, bundle.code, bundle.processKey ? ` · ${bundle.processKey}` : ''),
        savings instanceof Error ? notice('error', savings.message) : renderSavings(savings),
        ctx.session.hasRole('designer', 'admin')
          ? h('a', { href: `#/designer?bundle=${encodeURIComponent(bundle.code)}` }, '在设计器中打开 / Open in designer')
          : null);
    }));
    mount(root, h('div', { class: 'bundle-grid' }, cards.length > 0 ? cards : h('p', { class: 'muted' }, '暂无一件事 / No bundles yet')));
  },
};

function renderSavings(savings: Record<string, number>): HTMLElement {
  return h('table', { class: 'savings' },
    h('thead', {}, h('tr', {}, h('th', {}), h('th', {}, '逐项办理 / Item by item'), h('th', {}, '一件事 / Bundle'), h('th', {}, '节省 / Saved'))),
    h('tbody', {},
      SAVINGS_ROWS.filter((row) => typeof savings[row.before] === 'number').map((row) => h('tr', { 'data-metric': row.after },
        h('th', {}, row.label), h('td', {}, savings[row.before]), h('td', {}, savings[row.after]),
        h('td', { class: 'saved' }, savings[row.before] - savings[row.after]))),
      typeof savings.departments === 'number' ? h('tr', {}, h('th', {}, '涉及部门 / Departments'), h('td', { colspan: 3 }, savings.departments)) : null));
}
