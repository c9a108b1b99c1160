import Modeler from 'bpmn-js/lib/Modeler';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './designer.css';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import zeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { tongbanLintConfig } from '@tongban/bpmn/browser';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type { BpmnProblem, Bundle, BundleSummary, Definition, DefinitionDetail, DeploymentResult, Page } from '../api/api.types';
import { ApiError } from '../api/api-client';
import { h, mount, notice } from '../dom/dom.util';
import { TONGBAN_MODDLE_EXTENSIONS } from '../diagram/tongban-moddle';
import { fitViewport } from '../diagram/fit-viewport.util';
import { problemsOf, renderProblems } from './deploy-problems.view';
import { designerText, type DesignerLanguage } from './i18n/designer-text';
import lintModule from './lint';
import { TONGBAN_ELEMENT_TEMPLATES } from './templates/element-templates';
import tongbanPropertiesModule from './tongban-properties';
import { loadTongbanCatalogue } from './tongban-properties/tongban-catalogue';
import { translateModule } from './translate';
import { diffVersions } from './versions/version-diff';
import { blankDiagram } from './blank-diagram';
import type { Service } from './bpmn-objects';

/** What the host gives the designer. */
export interface DesignerDeps {
  api: { get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>; post<T>(path: string, body?: unknown): Promise<T> };
  /** The host's translation, asked for keys the designer's catalogues lack. */
  t?: (key: string) => string;
  language?: DesignerLanguage;
  /** What to open first: a process definition id or a bundle code; else the latest of `defaultProcessKey`. */
  open?: { definition?: string | null; bundle?: string | null };
  /** The host's in-app navigation guard: asked before its router leaves the page (unguarded when absent). */
  guardLeave?: (guard: () => boolean) => () => void;
  /** Unsaved work of a designer mounted before (in the other language): opened instead of `open`, still unsaved. */
  draft?: DesignerDraft;
  defaultProcessKey?: string;
}

/** A diagram with changes not deployed or exported, carried over when the designer mounts again. */
export interface DesignerDraft {
  xml: string;
  label: string;
  key?: string;
  definitionId?: string;
}

/** A mounted designer. */
export interface MountedDesigner {
  destroy(): void;
  /** The unsaved diagram as of its last change; undefined when nothing is unsaved. */
  draft(): DesignerDraft | undefined;
  /** Whether the diagram has changes not deployed or exported yet. */
  isDirty(): boolean;
  /** Asks the user (confirm) when there are unsaved changes; true when it is fine to leave. */
  confirmLeave(): boolean;
}

const PROBLEM_MARKER = 'tongban-problem';
/** The service hall's acceptance window of generated bundles (`ACCEPTANCE_DEPARTMENT` of libs/catalog), known to the deploy check too. */
const ACCEPTANCE_DEPARTMENT = 'service-center';
const DIFF_MARKERS = ['tongban-diff-added', 'tongban-diff-changed'];

/**
 * The process designer: bpmn-js with the properties panel (Zeebe and Tongban providers), element
 * templates, bpmnlint with the rules the server checks at deploy, new / open / export, the versions
 * of a process with a visual diff, deploy, and an unsaved-changes guard. Framework-agnostic: a host
 * (the shell's page, a Vue route) mounts it into a container and destroys it when leaving.
 */
export async function mountDesigner(container: HTMLElement, deps: DesignerDeps): Promise<MountedDesigner> {
  const language = deps.language ?? 'zh-CN';
  const t = designerText(language, deps.t);
  const catalogue = await loadTongbanCatalogue(deps.api, language);

  // 1. layout
  const canvasHost = h('div', { class: 'canvas', 'data-testid': 'designer-canvas' });
  const propertiesHost = h('div', { class: 'properties', 'data-testid': 'properties-panel', 'aria-label': 'properties' });
  const status = h('div', { class: 'status' });
  const source = h('span', { class: 'source' });
  const fileInput = h('input', { type: 'file', accept: '.bpmn,.xml,application/xml,text/xml', class: 'file-input', 'aria-label': t('designer.open'), 'data-action': 'open-file' });
  const button = (action: string, key: string, primary = false) => h('button', { type: 'button', class: primary ? 'primary' : '', 'data-action': action }, t(key));
  const newButton = button('new', 'designer.new');
  const openButton = button('open', 'designer.open');
  const exportXmlButton = button('export-xml', 'designer.exportXml');
  const exportSvgButton = button('export-svg', 'designer.exportSvg');
  const deployButton = button('deploy', 'designer.deploy', true);
  const definitionList = h('ul', { class: 'item-list' });
  const bundleList = h('ul', { class: 'item-list' });
  const versionList = h('ul', { class: 'item-list versions' });
  const diffHost = h('div', { class: 'diff', hidden: true });
  const root = h('div', { class: 'designer' },
    h('aside', { class: 'sidebar' },
      h('h2', {}, t('designer.processes')), definitionList,
      h('h2', {}, t('designer.versions')), versionList,
      h('h2', {}, t('designer.bundles')), bundleList),
    h('section', { class: 'workspace' },
      h('div', { class: 'toolbar', role: 'toolbar' }, source, newButton, openButton, fileInput, exportXmlButton, exportSvgButton, deployButton),
      status, diffHost,
      h('div', { class: 'editor' }, canvasHost, propertiesHost)));
  mount(container, root);

  // 2. the modeler
  const modeler = new Modeler({
    container: canvasHost,
    propertiesPanel: { parent: propertiesHost },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, zeebeBehaviorsModule,
      CloudElementTemplatesPropertiesProviderModule, tongbanPropertiesModule, lintModule, translateModule(language),
    ],
    moddleExtensions: { ...TONGBAN_MODDLE_EXTENSIONS, zeebe: zeebeModdle },
    elementTemplates: TONGBAN_ELEMENT_TEMPLATES,
    tongbanProperties: { catalogue },
    linting: { active: true, bpmnlint: tongbanLintConfig({ departments: [...catalogue.departments.map((d) => d.code), ACCEPTANCE_DEPARTMENT] }) },
  } as ConstructorParameters<typeof Modeler>[0]);
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  const selection = modeler.get<Selection>('selection');
  const eventBus = modeler.get<{ on(event: string, callback: (event: Service) => void): void }>('eventBus');
  let markedIds: { id: string; marker: string }[] = [];
  let lintIssues: Record<string, { id: string; message: string; category: string; rule: string }[]> = {};
  let dirty = false;
  let current: { key?: string; definitionId?: string } = {};

  eventBus.on('linting.completed', (event) => { lintIssues = event.issues ?? {}; });
  let draftXml: string | undefined;
  eventBus.on('commandStack.changed', () => {
    dirty = true;
    void modeler.saveXML({ format: true }).then(({ xml }) => { draftXml = xml; }, () => undefined);
  });
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  const confirmLeave = () => !dirty || window.confirm(t('designer.unsaved'));
  const releaseGuard = deps.guardLeave?.(confirmLeave) ?? (() => undefined);

  const clearMarkers = () => {
    for (const { id, marker } of markedIds) if (registry.get(id)) canvas.removeMarker(id, marker);
    markedIds = [];
  };
  const mark = (id: string, marker: string) => {
    if (!registry.get(id)) return;
    canvas.addMarker(id, marker);
    markedIds.push({ id, marker });
  };
  const selectElement = (id: string) => {
    const element = registry.get(id);
    if (!element) return;
    selection.select(element);
    canvas.scrollToElement(element);
  };
  const open = async (label: string, xml: string, opened: { key?: string; definitionId?: string } = {}) => {
    clearMarkers();
    mount(status);
    diffHost.hidden = true;
    try {
      const { warnings } = await modeler.importXML(xml);
      fitViewport(canvas);
      source.textContent = label;
      source.dataset.loaded = 'true';
      dirty = false;
      current = opened;
      void loadVersions();
      if (warnings.length > 0) mount(status, notice('info', `${t('designer.importWarnings')}: ${warnings.length}`));
    } catch (error) {
      mount(status, notice('error', `${t('designer.cannotOpen')}: ${(error as Error).message}`));
    }
  };

  // 3. toolbar
  newButton.addEventListener('click', () => {
    if (!confirmLeave()) return;
    void open(t('designer.new'), blankDiagram());
  });
  openButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file || !confirmLeave()) return;
    await open(file.name, await file.text());
  });
  const download = (name: string, type: string, content: string) => {
    const link = h('a', { href: URL.createObjectURL(new Blob([content], { type })), download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  const processId = () => registry.filter((element) => element.type === 'bpmn:Process')[0]?.id ?? canvas.getRootElement().id;
  exportXmlButton.addEventListener('click', async () => {
    const { xml } = await modeler.saveXML({ format: true });
    download(`${processId()}.bpmn`, 'application/xml', xml ?? '');
    dirty = false;
  });
  exportSvgButton.addEventListener('click', async () => {
    const { svg } = await modeler.saveSVG();
    download(`${processId()}.svg`, 'image/svg+xml', svg);
  });

  const lintErrors = (): (BpmnProblem & { rule: string })[] => Object.values(lintIssues).flat()
    .filter((issue) => issue.category === 'error')
    .map((issue) => ({ code: 'BPMN_LINT_FAILED', rule: issue.rule, elementId: issue.id, message: issue.message }));
  const showProblems = (problems: (BpmnProblem & { rule?: string })[], title: string) => {
    const ids = [...new Set(problems.map((p) => p.elementId).filter((id): id is string => !!id && !!registry.get(id)))];
    for (const id of ids) mark(id, PROBLEM_MARKER);
    mount(status, renderProblems(problems, selectElement, title));
    if (ids[0]) selectElement(ids[0]);
  };

  deployButton.addEventListener('click', async () => {
    deployButton.disabled = true;
    clearMarkers();
    try {
      const linting = modeler.get<{ lint(): Promise<Record<string, { id: string; message: string; category: string }[]>> }>('linting');
      const results = await linting.lint();
      lintIssues = Object.fromEntries(Object.entries(results).map(([rule, reports]) => [rule, reports.map((report) => ({ ...report, rule }))]));
      const blocking = lintErrors();
      if (blocking.length > 0) {
        showProblems(blocking, t('designer.lintBlocked'));
        return;
      }
      mount(status, notice('info', t('designer.deploying')));
      const { xml } = await modeler.saveXML({ format: true });
      const id = processId();
      const result = await deps.api.post<DeploymentResult>('/deployments', { name: `designer: ${id}`, resources: [{ name: `${id}.bpmn`, content: xml }] });
      const versions = result.processes.map((p) => `${p.key} v${p.version}`).join(', ');
      mount(status, h('div', { class: 'notice notice-ok deploy-result', role: 'status' }, `${t('designer.deployed')}: ${versions}`));
      dirty = false;
      current = { key: result.processes[0]?.key, definitionId: result.processes[0]?.id };
      void loadDefinitions();
      void loadVersions();
    } catch (error) {
      showProblems(problemsOf(error), t('designer.refused'));
    } finally {
      deployButton.disabled = false;
    }
  });

  // 4. lists: processes, versions (with the diff), bundles
  const openDefinition = async (id: string) => {
    const definition = await deps.api.get<DefinitionDetail>(`/process-definitions/${encodeURIComponent(id)}`);
    await open(`${definition.name ?? definition.key} · ${definition.key} v${definition.version}`, definition.xml, { key: definition.key, definitionId: definition.id });
  };
  const openBundle = async (code: string) => {
    const bundle = await deps.api.get<Bundle>(`/bundles/${encodeURIComponent(code)}`);
    if (!bundle.bpmnXml) throw new Error(`${code}: no BPMN`);
    await open(`${t('designer.bundles')} · ${bundle.name ?? code}`, bundle.bpmnXml, { key: bundle.processKey });
  };
  const guarded = (action: () => Promise<void>) => (event: Event) => {
    event.preventDefault();
    if (!confirmLeave()) return;
    action().catch((error: Error) => mount(status, notice('error', error.message)));
  };
  const loadDefinitions = async (): Promise<Definition[]> => {
    const page = await deps.api.get<Page<Definition>>('/process-definitions', { latest: 'true', limit: 500 });
    const definitions = [...page.items].sort((a, b) => a.key.localeCompare(b.key));
    mount(definitionList, definitions.map((d) => h('li', {},
      h('a', { href: `#/designer?definition=${d.id}`, 'data-key': d.key, onclick: guarded(() => openDefinition(d.id)) }, d.name ?? d.key, h('small', {}, ` ${d.key} v${d.version}`)))));
    return definitions;
  };
  const compare = async (other: Definition) => {
    if (!current.definitionId) return;
    const [previous, next] = await Promise.all([
      deps.api.get<DefinitionDetail>(`/process-definitions/${encodeURIComponent(other.id)}`),
      deps.api.get<DefinitionDetail>(`/process-definitions/${encodeURIComponent(current.definitionId)}`),
    ]);
    const [older, newer] = previous.version < next.version ? [previous, next] : [next, previous];
    if (newer.id !== current.definitionId) await openDefinition(newer.id);
    const diff = await diffVersions(modeler.get('moddle'), older.xml, newer.xml);
    clearMarkers();
    for (const id of diff.added) mark(id, DIFF_MARKERS[0]);
    for (const id of diff.changed) mark(id, DIFF_MARKERS[1]);
    diffHost.hidden = false;
    mount(diffHost,
      h('strong', {}, `v${older.version} → v${newer.version}: `, t('designer.diffSummary', { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length })),
      h('div', { class: 'muted' }, t('designer.diffLegend')),
      h('ul', { class: 'diff-list' },
        diff.added.map((id) => h('li', { class: 'added', 'data-diff': 'added', 'data-element-id': id }, `+ ${id}`)),
        diff.changed.map((id) => h('li', { class: 'changed', 'data-diff': 'changed', 'data-element-id': id }, `~ ${id}`)),
        diff.removed.map((r) => h('li', { class: 'removed', 'data-diff': 'removed', 'data-element-id': r.id }, `− ${r.id} (${r.type.replace('bpmn:', '')}${r.name ? ` ${r.name}` : ''})`))),
      h('button', { type: 'button', 'data-action': 'close-diff', onclick: () => { clearMarkers(); diffHost.hidden = true; } }, t('designer.closeDiff')));
  };
  const loadVersions = async () => {
    if (!current.key) {
      mount(versionList);
      return;
    }
    const page = await deps.api.get<Page<Definition>>('/process-definitions', { key: current.key, limit: 50 });
    mount(versionList, page.items.map((d) => h('li', { 'data-version': d.version },
      h('a', { href: `#/designer?definition=${d.id}`, onclick: guarded(() => openDefinition(d.id)) }, `v${d.version}`),
      d.id === current.definitionId
        ? h('small', {}, '●')
        : h('button', { type: 'button', class: 'link', 'data-action': 'compare', 'data-version': d.version, onclick: () => void compare(d).catch((error: Error) => mount(status, notice('error', error.message))) }, t('designer.compare')))));
  };
  const latestOf = async (key: string): Promise<string | undefined> =>
    (await deps.api.get<Page<Definition>>('/process-definitions', { key, latest: 'true', limit: 1 })).items[0]?.id;
  const loadBundles = async () => {
    try {
      const page = await deps.api.get<Page<BundleSummary>>('/bundles');
      mount(bundleList, page.items.map((b) => h('li', {}, h('a', { href: `#/designer?bundle=${encodeURIComponent(b.code)}`, 'data-bundle': b.code, onclick: guarded(() => openBundle(b.code)) }, b.name ?? b.code, h('small', {}, ` ${b.code}`)))));
    } catch (error) {
      mount(bundleList, h('li', { class: 'muted' }, error instanceof ApiError && error.status === 404 ? t('designer.notAvailable') : (error as Error).message));
    }
  };

  // 5. what to show first
  const [definitions] = await Promise.all([loadDefinitions(), loadBundles()]);
  try {
    const definition = deps.open?.definition ?? (deps.defaultProcessKey ? await latestOf(deps.defaultProcessKey) : undefined) ?? definitions[0]?.id;
    if (deps.draft) {
      await open(deps.draft.label, deps.draft.xml, { key: deps.draft.key, definitionId: deps.draft.definitionId });
      dirty = true;
      draftXml = deps.draft.xml;
    } else if (deps.open?.bundle) await openBundle(deps.open.bundle);
    else if (definition) await openDefinition(definition);
    else await open(t('designer.new'), blankDiagram());
  } catch (error) {
    mount(status, notice('error', (error as Error).message));
  }

  return {
    isDirty: () => dirty,
    draft: () => (dirty && draftXml ? { xml: draftXml, label: source.textContent ?? '', ...current } : undefined),
    confirmLeave,
    destroy() {
      window.removeEventListener('beforeunload', onBeforeUnload);
      releaseGuard();
      // a lint run still under way would mark a destroyed canvas: its result is dropped
      const linting = modeler.get<{ toggle(active: boolean): void; _lintStart?: unknown }>('linting');
      linting.toggle(false);
      linting._lintStart = undefined;
      modeler.destroy();
      // only its own elements: a designer mounted meanwhile into the same container stays
      root.remove();
    },
  };
}
