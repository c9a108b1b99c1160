import Modeler from 'bpmn-js/lib/Modeler';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type { Bundle, BundleSummary, Definition, DefinitionDetail, DeploymentResult, Page } from '../api/api.types';
import { ApiError } from '../api/api-client';
import { h, mount, notice } from '../dom/dom.util';
import type { PageDefinition } from '../shell/page';
import departmentModule from './department';
import { problemsOf, renderProblems } from './deploy-problems.view';
import { KNOWN_DEPARTMENTS, TONGBAN_MODDLE_EXTENSIONS } from '../diagram/tongban-moddle';
import { fitViewport } from '../diagram/fit-viewport.util';

const DEFAULT_PROCESS_KEY = 'three-department-approval';
const PROBLEM_MARKER = 'tongban-problem';

/** Designer: open a deployed process or a bundle's BPMN in bpmn-js, edit, deploy, see the refusal's problems on the canvas. */
export const designerPage: PageDefinition = {
  path: 'designer',
  title: '流程设计 / Designer',
  roles: ['designer', 'admin'],
  async render(root, ctx) {
    const canvasHost = h('div', { class: 'canvas', 'data-testid': 'designer-canvas' });
    const status = h('div', { class: 'status' });
    const source = h('span', { class: 'source' });
    const deployButton = h('button', { class: 'primary', 'data-action': 'deploy' }, '部署 / Deploy');
    const definitionList = h('ul', { class: 'item-list' });
    const bundleList = h('ul', { class: 'item-list' });
    mount(root,
      h('aside', { class: 'sidebar' },
        h('h2', {}, '已部署流程 / Processes'), definitionList,
        h('h2', {}, '一件事 / Bundles'), bundleList),
      h('section', { class: 'workspace' },
        h('div', { class: 'toolbar' }, source, deployButton),
        status,
        canvasHost),
    );

    const modeler = new Modeler({
      container: canvasHost,
      additionalModules: [departmentModule],
      moddleExtensions: TONGBAN_MODDLE_EXTENSIONS,
      departmentBox: { departments: KNOWN_DEPARTMENTS },
    } as ConstructorParameters<typeof Modeler>[0]);
    const canvas = modeler.get<Canvas>('canvas');
    const registry = modeler.get<ElementRegistry>('elementRegistry');
    const selection = modeler.get<Selection>('selection');
    let problemIds: string[] = [];

    const clearProblems = () => {
      for (const id of problemIds) if (registry.get(id)) canvas.removeMarker(id, PROBLEM_MARKER);
      problemIds = [];
    };
    const selectElement = (id: string) => {
      const element = registry.get(id);
      if (!element) return;
      selection.select(element);
      canvas.scrollToElement(element);
    };
    const open = async (label: string, xml: string) => {
      clearProblems();
      mount(status);
      try {
        const { warnings } = await modeler.importXML(xml);
        fitViewport(canvas);
        source.textContent = label;
        source.dataset.loaded = 'true';
        if (warnings.length > 0) mount(status, notice('info', `导入警告 / Import warnings: ${warnings.length}`));
      } catch (error) {
        mount(status, notice('error', `无法打开 / Cannot open: ${(error as Error).message}`));
      }
    };

    deployButton.addEventListener('click', async () => {
      deployButton.disabled = true;
      clearProblems();
      mount(status, notice('info', '部署中… / Deploying…'));
      try {
        const { xml } = await modeler.saveXML({ format: true });
        const processId = registry.filter((element) => element.type === 'bpmn:Process')[0]?.id ?? canvas.getRootElement().id;
        const result = await ctx.api.post<DeploymentResult>('/deployments', {
          name: `designer: ${processId}`,
          resources: [{ name: `${processId}.bpmn`, content: xml }],
        });
        const versions = result.processes.map((p) => `${p.key} v${p.version}`).join(', ');
        mount(status, h('div', { class: 'notice notice-ok deploy-result', role: 'status' }, `已部署 / Deployed: ${versions}`));
        void loadDefinitions();
      } catch (error) {
        const problems = problemsOf(error);
        problemIds = [...new Set(problems.map((p) => p.elementId).filter((id): id is string => !!id && !!registry.get(id)))];
        for (const id of problemIds) canvas.addMarker(id, PROBLEM_MARKER);
        mount(status, renderProblems(problems, selectElement));
        if (problemIds[0]) selectElement(problemIds[0]);
      } finally {
        deployButton.disabled = false;
      }
    });

    const openDefinition = async (id: string) => {
      const definition = await ctx.api.get<DefinitionDetail>(`/process-definitions/${encodeURIComponent(id)}`);
      await open(`${definition.name ?? definition.key} · ${definition.key} v${definition.version}`, definition.xml);
    };
    const openBundle = async (code: string) => {
      const bundle = await ctx.api.get<Bundle>(`/bundles/${encodeURIComponent(code)}`);
      if (!bundle.bpmnXml) throw new Error(`一件事 ${code} 没有 BPMN / Bundle ${code} has no BPMN`);
      await open(`一件事 / Bundle · ${bundle.name ?? code}`, bundle.bpmnXml);
    };

    const loadDefinitions = async (): Promise<Definition[]> => {
      const page = await ctx.api.get<Page<Definition>>('/process-definitions', { latest: 'true', limit: 500 });
      const definitions = [...page.items].sort((a, b) => a.key.localeCompare(b.key));
      mount(definitionList, definitions.map((d) => h('li', {},
        h('a', { href: `#/designer?definition=${d.id}`, 'data-key': d.key }, d.name ?? d.key, h('small', {}, ` ${d.key} v${d.version}`)))));
      return definitions;
    };
    const latestOf = async (key: string): Promise<string | undefined> =>
      (await ctx.api.get<Page<Definition>>('/process-definitions', { key, latest: 'true', limit: 1 })).items[0]?.id;
    const loadBundles = async () => {
      try {
        const page = await ctx.api.get<Page<BundleSummary>>('/bundles');
        mount(bundleList, page.items.map((b) => h('li', {}, h('a', { href: `#/designer?bundle=${encodeURIComponent(b.code)}`, 'data-bundle': b.code }, b.name ?? b.code, h('small', {}, ` ${b.code}`)))));
      } catch (error) {
        mount(bundleList, h('li', { class: 'muted' }, error instanceof ApiError && error.status === 404 ? '暂无 / Not available' : (error as Error).message));
      }
    };

    const [definitions] = await Promise.all([loadDefinitions(), loadBundles()]);
    try {
      const bundle = ctx.query.get('bundle');
      const definition = ctx.query.get('definition') ?? (await latestOf(DEFAULT_PROCESS_KEY)) ?? definitions[0]?.id;
      if (bundle) await openBundle(bundle);
      else if (definition) await openDefinition(definition);
      else mount(status, notice('info', '尚无已部署流程 / No process deployed yet'));
    } catch (error) {
      mount(status, notice('error', (error as Error).message));
    }
    return () => modeler.destroy();
  },
};
