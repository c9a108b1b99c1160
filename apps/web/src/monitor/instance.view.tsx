import { computed, defineComponent, nextTick, onBeforeUnmount, reactive, ref, watch } from 'vue';
import { ElAlert, ElButton, ElDescriptions, ElDescriptionsItem, ElDialog, ElForm, ElFormItem, ElInput, ElMessageBox, ElRadio, ElRadioGroup, ElTable, ElTableColumn, ElTag } from 'element-plus';
import type { DefinitionDetail, HistoryItem, Incident, InstanceDetail, Page } from '../api/api.types';
import { elementNames, historySentence, isTold } from '../history/history-sentence';
import { formatTime, t, tOr } from '../i18n/i18n';
import { api, session } from '../session/staff';
import { InstanceDiagram } from './instance-diagram.view';

/** Element instances still open: entered and not yet left, by their key. */
function openElements(history: HistoryItem[]): { elementId: string; elementKey: string }[] {
  const open = new Map<string, string>();
  for (const item of history) {
    if (!item.elementKey || !item.elementId) continue;
    if (item.type === 'element.entered') open.set(item.elementKey, item.elementId);
    if (item.type === 'element.left' || item.type === 'element.terminated') open.delete(item.elementKey);
  }
  return [...open].map(([elementKey, elementId]) => ({ elementId, elementKey }));
}

/**
 * One instance for a supervisor or an admin: the fitted diagram with active, completed and incident
 * elements and counts, its incidents (retry / resolve), variables, history in sentences, and the
 * audited controls an admin may use (cancel, suspend / resume, variables, modification).
 */
export const InstanceView = defineComponent({
  name: 'InstanceView',
  props: { instanceId: { type: String, required: true } },
  emits: { changed: () => true },
  setup(props, { emit }) {
    const instance = ref<InstanceDetail | null>(null);
    const history = ref<HistoryItem[]>([]);
    const incidents = ref<Incident[]>([]);
    const names = ref<Record<string, string>>({});
    const error = ref('');
    const diagramError = ref('');
    const message = ref('');
    const canvas = ref<HTMLElement | null>(null);
    const dialog = ref<'' | 'variables' | 'modification'>('');
    const variableForm = reactive({ name: '', value: '' });
    const modification = reactive({ activate: '', cancel: '', comment: '' });
    const admin = computed(() => session.hasRole('admin'));
    /** Supervisors and admins resolve incidents; the other controls are an admin's. */
    const resolver = computed(() => session.hasRole('admin', 'supervisor'));
    let diagram: InstanceDiagram | null = null;

    const load = async () => {
      error.value = '';
      try {
        const [detail, trail, open] = await Promise.all([
          api.get<InstanceDetail>(`/process-instances/${props.instanceId}`),
          api.get<{ items: HistoryItem[] }>(`/process-instances/${props.instanceId}/history`),
          api.get<Page<Incident>>('/incidents', { processInstanceId: props.instanceId, limit: 100 }),
        ]);
        instance.value = detail;
        history.value = trail.items;
        incidents.value = open.items;
        const definition = await api.get<DefinitionDetail>(`/process-definitions/${detail.definitionId}`);
        names.value = elementNames(definition.xml);
        await nextTick();
        if (!canvas.value) return;
        diagram?.destroy();
        diagram = new InstanceDiagram(canvas.value);
        const counts: Record<string, number> = {};
        for (const item of trail.items) if (item.type === 'element.entered' && item.elementId) counts[item.elementId] = (counts[item.elementId] ?? 0) + 1;
        try {
          await diagram.show(definition.xml, {
            active: detail.activeElementIds,
            completed: trail.items.filter((item) => item.type === 'element.left' && item.elementId).map((item) => item.elementId!),
            incidents: open.items.filter((incident) => incident.state === 'open').map((incident) => incident.elementId),
            counts,
          });
          diagramError.value = '';
          canvas.value.dataset.rendered = 'true';
        } catch (failure) {
          diagramError.value = t('monitor.noDiagram', { reason: (failure as Error).message });
        }
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    watch(() => props.instanceId, () => { message.value = ''; void load(); }, { immediate: true });
    onBeforeUnmount(() => diagram?.destroy());

    /** Runs an audited call, then reloads and says what happened. */
    const run = async (call: () => Promise<unknown>, done: string) => {
      error.value = '';
      try {
        await call();
        message.value = done;
        dialog.value = '';
        emit('changed');
        await load();
      } catch (failure) {
        error.value = (failure as Error).message;
      }
    };
    const confirmThen = async (question: string, call: () => Promise<unknown>, done: string) => {
      try {
        await ElMessageBox.confirm(question, t('common.confirm'), { confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel'), type: 'warning' });
      } catch {
        return;
      }
      await run(call, done);
    };
    const resolveIncident = (incident: Incident, retry: boolean) =>
      run(() => api.post(`/incidents/${incident.id}/resolve`, retry ? { retries: 3 } : {}), t(retry ? 'incident.retried' : 'incident.resolved'));
    const saveVariable = () => {
      let value: unknown;
      try {
        value = JSON.parse(variableForm.value);
      } catch {
        value = variableForm.value;
      }
      return run(() => api.patch(`/process-instances/${props.instanceId}/variables`, { variables: { [variableForm.name.trim()]: value } }), t('monitor.variableSaved', { name: variableForm.name.trim() }));
    };
    const modify = () => run(() => api.post(`/process-instances/${props.instanceId}/modification`, {
      activate: modification.activate ? [{ elementId: modification.activate }] : [],
      cancel: modification.cancel ? [{ elementKey: modification.cancel }] : [],
      ...(modification.comment.trim() && { comment: modification.comment.trim() }),
    }), t('monitor.modified'));

    const renderControls = (detail: InstanceDetail) => {
      const running = detail.state === 'active' || detail.state === 'incident';
      if (!admin.value || !running) return null;
      return (
        <div class="operations" role="group" aria-label={t('monitor.controls')}>
          {detail.suspended
            ? <ElButton data-action="resume" onClick={() => void run(() => api.post(`/process-instances/${detail.id}/resume`), t('monitor.resumed'))}>{t('monitor.resume')}</ElButton>
            : <ElButton data-action="suspend" onClick={() => void confirmThen(t('monitor.suspendQuestion'), () => api.post(`/process-instances/${detail.id}/suspend`), t('monitor.suspended'))}>{t('monitor.suspend')}</ElButton>}
          <ElButton data-action="edit-variables" onClick={() => (dialog.value = 'variables')}>{t('monitor.editVariables')}</ElButton>
          <ElButton data-action="modify" onClick={() => (dialog.value = 'modification')}>{t('monitor.modify')}</ElButton>
          <ElButton type="danger" data-action="cancel-instance" onClick={() => void confirmThen(t('monitor.cancelQuestion'), () => api.post(`/process-instances/${detail.id}/cancel`), t('monitor.cancelled'))}>{t('monitor.cancel')}</ElButton>
        </div>
      );
    };

    return () => {
      const detail = instance.value;
      if (!detail) return <section class="detail" data-testid="instance-detail">{error.value ? <ElAlert type="error" title={error.value} closable={false} /> : <p>{t('common.loading')}</p>}</section>;
      const openIncidents = incidents.value.filter((incident) => incident.state === 'open');
      const active = openElements(history.value);
      return (
        <section class="detail" data-testid="instance-detail" data-instance-id={detail.id} aria-labelledby="instance-title">
          <h2 id="instance-title">{detail.businessKey ?? detail.id.slice(0, 8)} · {detail.processKey} v{detail.version}</h2>
          {message.value ? <ElAlert type="success" title={message.value} closable={false} class="notice-ok" /> : null}
          {error.value ? <ElAlert type="error" title={error.value} closable={false} class="notice-error" /> : null}
          <ElDescriptions border column={2} size="small">
            <ElDescriptionsItem label={t('monitor.state')}>{{ default: () => <span><ElTag class={`state state-${detail.state}`} type={detail.state === 'incident' ? 'danger' : detail.state === 'active' ? 'primary' : 'info'}>{tOr(`instanceState.${detail.state}`, detail.state)}{detail.suspended ? ` · ${t('monitor.suspendedState')}` : ''}</ElTag></span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('monitor.started')}>{{ default: () => <span>{formatTime(detail.startedAt)}</span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('monitor.activeElements')}>{{ default: () => <span><span class="active-ids">{detail.activeElementIds.map((id) => names.value[id] ?? id).join('、') || '—'}</span></span> }}</ElDescriptionsItem>
            <ElDescriptionsItem label={t('monitor.openIncidents')}>{{ default: () => <span>{openIncidents.length}</span> }}</ElDescriptionsItem>
          </ElDescriptions>
          {renderControls(detail)}
          <figure class="diagram-figure">
            <div ref={canvas} class="canvas viewer" data-testid="instance-diagram" />
            <figcaption class="legend small">
              {diagramError.value ? <span class="diagram-error">{diagramError.value}</span> : null}
              <span class="visually-hidden">{t('monitor.diagram')}</span>
              <span class="legend-active">{t('monitor.legendActive')}</span> <span class="legend-done">{t('monitor.legendDone')}</span> <span class="legend-incident">{t('monitor.legendIncident')}</span>
            </figcaption>
          </figure>
          <section class="detail-section" data-section="incidents">
            <h3>{t('monitor.incidents')}</h3>
            <ElTable data={incidents.value} size="small" emptyText={t('common.none')}>
              <ElTableColumn label={t('monitor.element')}>{{ default: ({ row }: { row: Incident }) => <span data-incident-id={row.id}>{names.value[row.elementId] ?? row.elementId}</span> }}</ElTableColumn>
              <ElTableColumn label={t('monitor.incidentType')} prop="type" />
              <ElTableColumn label={t('monitor.message')} prop="message" minWidth={160} />
              <ElTableColumn label={t('monitor.state')}>{{ default: ({ row }: { row: Incident }) => tOr(`incidentState.${row.state}`, row.state) }}</ElTableColumn>
              <ElTableColumn label={t('monitor.actions')} minWidth={150}>{{
                default: ({ row }: { row: Incident }) => row.state === 'open' && resolver.value ? (
                  <span>
                    {row.jobKey ? <ElButton size="small" data-action="retry-incident" onClick={() => void resolveIncident(row, true)}>{t('incident.retry')}</ElButton> : null}
                    <ElButton size="small" type="primary" data-action="resolve-incident" onClick={() => void resolveIncident(row, false)}>{t('incident.resolve')}</ElButton>
                  </span>
                ) : <span>{row.resolvedAt ? formatTime(row.resolvedAt) : '—'}</span>,
              }}</ElTableColumn>
            </ElTable>
          </section>
          <section class="detail-section" data-section="variables">
            <h3>{t('task.variables')}</h3>
            <pre class="variables" tabindex={0} aria-label={t('task.variables')}>{JSON.stringify(detail.variables, null, 2)}</pre>
          </section>
          <section class="detail-section" data-section="history">
            <h3>{t('task.history')}</h3>
            <ol class="timeline history-sentences">
              {history.value.filter(isTold).map((item) => <li data-type={item.type}><time class="timeline-time">{formatTime(item.at)}</time> <span class="timeline-text">{historySentence(item, names.value)}</span></li>)}
            </ol>
          </section>
          <ElDialog modelValue={dialog.value === 'variables'} title={t('monitor.editVariables')} width="min(480px, 94vw)" onClose={() => (dialog.value = '')}>
            {{
              default: () => (
                <ElForm labelPosition="top">
                  <ElFormItem label={t('monitor.variableName')} for="variable-name"><ElInput id="variable-name" name="variableName" modelValue={variableForm.name} onUpdate:modelValue={(v: string) => (variableForm.name = v)} /></ElFormItem>
                  <ElFormItem label={t('monitor.variableValue')} for="variable-value"><ElInput id="variable-value" name="variableValue" type="textarea" modelValue={variableForm.value} onUpdate:modelValue={(v: string) => (variableForm.value = v)} /></ElFormItem>
                </ElForm>
              ),
              footer: () => <ElButton type="primary" data-action="confirm" disabled={!variableForm.name.trim()} onClick={() => void saveVariable()}>{t('common.save')}</ElButton>,
            }}
          </ElDialog>
          <ElDialog modelValue={dialog.value === 'modification'} title={t('monitor.modify')} width="min(520px, 94vw)" onClose={() => (dialog.value = '')}>
            {{
              default: () => (
                <ElForm labelPosition="top">
                  <ElFormItem label={t('monitor.cancelElement')}>
                    <ElRadioGroup modelValue={modification.cancel} onUpdate:modelValue={(v: string | number | boolean | undefined) => (modification.cancel = String(v ?? ''))} aria-label={t('monitor.cancelElement')} class="stacked">
                      <ElRadio value="">{t('common.none')}</ElRadio>
                      {active.map((element) => <ElRadio value={element.elementKey}>{names.value[element.elementId] ?? element.elementId}</ElRadio>)}
                    </ElRadioGroup>
                  </ElFormItem>
                  <ElFormItem label={t('monitor.activateElement')} for="activate-element"><ElInput id="activate-element" name="activate" placeholder="elementId" modelValue={modification.activate} onUpdate:modelValue={(v: string) => (modification.activate = v)} /></ElFormItem>
                  <ElFormItem label={t('operation.opinion')} for="modification-comment"><ElInput id="modification-comment" type="textarea" modelValue={modification.comment} onUpdate:modelValue={(v: string) => (modification.comment = v)} /></ElFormItem>
                </ElForm>
              ),
              footer: () => <ElButton type="primary" data-action="confirm" onClick={() => void modify()}>{t('common.confirm')}</ElButton>,
            }}
          </ElDialog>
        </section>
      );
    };
  },
});
