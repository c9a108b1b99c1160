import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './decisions.css';
import DmnModeler from 'dmn-js/lib/Modeler';
import { computed, defineComponent, onBeforeUnmount, onMounted, reactive, ref } from 'vue';
import { ElAlert, ElButton, ElFormItem, ElInput, ElTag } from 'element-plus';
import type { components } from '@tongban/client';
import { t } from '../i18n/i18n';
import { api } from '../session/staff';
import { SubmitForm } from '../shell/submit-form.view';
import { DECISION_KEY, newDecisionTable } from './decision-template';

type DecisionVersion = components['schemas']['DecisionVersionDto'];
type DecisionDetail = components['schemas']['DecisionDetailDto'];
type DecisionEvaluation = components['schemas']['DecisionEvaluationDto'];
type Deployment = components['schemas']['DeploymentResponseDto'];

/** The latest version of each decision, by decision id. */
function latestOfEach(versions: DecisionVersion[]): DecisionVersion[] {
  const latest = new Map<string, DecisionVersion>();
  for (const v of versions) if ((latest.get(v.key)?.version ?? 0) < v.version) latest.set(v.key, v);
  return [...latest.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * 决策表 for designers: the deployed decisions, a decision table edited with dmn-js (or a new one),
 * deployed as a `.dmn` resource, and tried out over variables with the evaluate API.
 */
export const DecisionsView = defineComponent({
  name: 'DecisionsView',
  setup() {
    const canvas = ref<HTMLElement | null>(null);
    const decisions = ref<DecisionVersion[]>([]);
    const open = ref<{ key: string; version: number | null } | null>(null);
    const fresh = reactive({ key: '', name: '' });
    const variables = ref('{\n  "score": 70\n}');
    const evaluation = ref<DecisionEvaluation | null>(null);
    const error = ref('');
    const message = ref('');
    const busy = ref(false);
    let modeler: DmnModeler | null = null;

    const list = computed(() => latestOfEach(decisions.value));

    const refresh = async () => {
      decisions.value = await api.get<DecisionVersion[]>('/decisions');
    };

    /** Shows `xml` in the editor, on its decision table. */
    const show = async (xml: string) => {
      await modeler!.importXML(xml);
      const table = modeler!.getViews().find((view) => view.type === 'decisionTable');
      if (table) await modeler!.open(table);
    };

    const attempt = async (call: () => Promise<void>) => {
      error.value = '';
      message.value = '';
      busy.value = true;
      try {
        await call();
      } catch (failure) {
        error.value = (failure as Error).message;
      } finally {
        busy.value = false;
      }
    };

    const openDecision = (key: string) => attempt(async () => {
      const detail = await api.get<DecisionDetail>(`/decisions/${encodeURIComponent(key)}`);
      await show(detail.xml);
      open.value = { key, version: detail.versions[0]?.version ?? null };
      evaluation.value = null;
    });

    const createDecision = (event?: Event) => {
      event?.preventDefault();
      const key = fresh.key.trim();
      if (!DECISION_KEY.test(key)) {
        error.value = t('decisions.keyInvalid');
        return;
      }
      void attempt(async () => {
        await show(newDecisionTable(key, fresh.name.trim() || key));
        open.value = { key, version: null };
        evaluation.value = null;
      });
    };

    const deploy = () => attempt(async () => {
      const { xml } = await modeler!.saveXML({ format: true });
      const name = `${open.value!.key}.dmn`;
      const deployed = await api.post<Deployment>('/deployments', { name, resources: [{ name, content: xml }] });
      const version = deployed.decisions.find((d) => d.key === open.value!.key)?.version ?? null;
      open.value = { key: open.value!.key, version };
      message.value = t('decisions.deployed', { key: open.value.key, version: version ?? '-' });
      await refresh();
    });

    const evaluate = (event?: Event) => {
      event?.preventDefault();
      let parsed: unknown;
      try {
        parsed = JSON.parse(variables.value);
      } catch {
        error.value = t('decisions.variablesInvalid');
        return;
      }
      void attempt(async () => {
        evaluation.value = await api.post<DecisionEvaluation>(`/decisions/${encodeURIComponent(open.value!.key)}/evaluate`, { variables: parsed });
      });
    };

    onMounted(async () => {
      modeler = new DmnModeler({ container: canvas.value! });
      await attempt(refresh);
    });
    onBeforeUnmount(() => modeler?.destroy());

    return () => (
      <main class="page page-decisions">
        <aside class="decision-list" aria-labelledby="decisions-title">
          <h2 id="decisions-title">{t('decisions.title')}</h2>
          {list.value.length === 0 ? <p class="muted">{t('decisions.none')}</p> : (
            <ul>
              {list.value.map((d) => (
                <li>
                  <button type="button" class="text-link" data-decision={d.key} aria-current={open.value?.key === d.key ? 'true' : undefined} onClick={() => void openDecision(d.key)}>
                    {d.name ?? d.key}
                  </button>{' '}
                  <span class="muted small">{d.key} · v{d.version}</span>
                </li>
              ))}
            </ul>
          )}
          <SubmitForm class="new-decision" labelPosition="top" onSubmit={createDecision} aria-labelledby="new-decision-title">
            <h3 id="new-decision-title">{t('decisions.new')}</h3>
            <ElFormItem label={t('decisions.key')} for="decision-key">
              <ElInput id="decision-key" name="decisionKey" placeholder="food-licence-check" modelValue={fresh.key} onUpdate:modelValue={(v: string) => (fresh.key = v)} />
            </ElFormItem>
            <ElFormItem label={t('decisions.name')} for="decision-name">
              <ElInput id="decision-name" name="decisionName" modelValue={fresh.name} onUpdate:modelValue={(v: string) => (fresh.name = v)} />
            </ElFormItem>
            <ElButton nativeType="submit" data-action="new-decision">{t('decisions.create')}</ElButton>
          </SubmitForm>
        </aside>
        <section class="decision-editor" aria-labelledby="decision-editor-title">
          <div class="decision-toolbar">
            <h2 id="decision-editor-title">{open.value ? open.value.key : t('decisions.pick')}</h2>
            {open.value ? <ElTag type={open.value.version ? 'success' : 'info'}>{open.value.version ? t('decisions.version', { version: open.value.version }) : t('decisions.notDeployed')}</ElTag> : null}
            <span class="spacer" />
            <ElButton type="primary" disabled={!open.value} loading={busy.value} data-action="deploy-decision" onClick={() => void deploy()}>{t('decisions.deploy')}</ElButton>
          </div>
          {error.value ? <ElAlert type="error" title={error.value} closable={false} class="decision-error" /> : null}
          {message.value ? <ElAlert type="success" title={message.value} closable={false} class="decision-message" /> : null}
          <div ref={canvas} class="dmn-canvas" data-testid="dmn-editor" hidden={!open.value} />
          {open.value ? (
            <SubmitForm class="decision-try" labelPosition="top" onSubmit={evaluate} aria-labelledby="decision-try-title">
              <h3 id="decision-try-title">{t('decisions.tryOut')}</h3>
              <ElFormItem label={t('decisions.variables')} for="decision-variables">
                <ElInput id="decision-variables" name="variables" type="textarea" rows={4} modelValue={variables.value} onUpdate:modelValue={(v: string) => (variables.value = v)} />
              </ElFormItem>
              <ElButton nativeType="submit" disabled={!open.value.version} data-action="evaluate-decision">{t('decisions.evaluate')}</ElButton>
              {evaluation.value ? (
                <div class="decision-result" data-testid="evaluation" aria-live="polite">
                  <p>{t('decisions.result', { version: evaluation.value.version })}</p>
                  <pre data-testid="evaluation-value">{JSON.stringify(evaluation.value.value, null, 2)}</pre>
                  <p class="muted small">{t('decisions.matchedRules', { rules: evaluation.value.matchedRules.map((r) => r.ruleId).join(', ') || '-' })}</p>
                </div>
              ) : null}
            </SubmitForm>
          ) : null}
        </section>
      </main>
    );
  },
});
