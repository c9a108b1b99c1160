import type { HistoryItem } from '../api/api.types';
import { t, tOr } from '../i18n/i18n';

/** Event types that say something to a reader of the case; the engine's bookkeeping (jobs, subscriptions) is left out. */
const TOLD = new Set([
  'instance.started', 'instance.ended', 'instance.cancelled', 'instance.suspended', 'instance.resumed', 'instance.modification',
  'task.created', 'task.claimed', 'task.unclaimed', 'task.completed', 'task.transferred', 'task.delegated', 'task.resolved',
  'task.returned', 'task.withdrawn', 'task.urged', 'task.draft-saved', 'task.correction-requested', 'task.corrected', 'task.cancelled',
  'incident.raised', 'incident.resolved', 'variables.updated', 'timer.due', 'correction.deadline',
  'task.signers-added', 'task.signer-removed', 'task.signed', 'task.copied', 'supervision.directive', 'supervision.replied',
  'clock.warning', 'clock.paused', 'clock.resumed', 'rating.received', 'certificate.issued', 'application.accepted', 'material.handed-in', 'item.terminated',
]);

/** The names of a BPMN document's elements by id, for sentences that name steps. */
export function elementNames(xml: string): Record<string, string> {
  const names: Record<string, string> = {};
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const element of Array.from(doc.querySelectorAll('[id][name]'))) names[element.getAttribute('id')!] = element.getAttribute('name')!;
  return names;
}

/** Whether the history entry is worth a sentence. */
export function isTold(item: HistoryItem): boolean {
  return TOLD.has(item.type);
}

/**
 * One history entry as a sentence a person reads: who did what at which step, with which opinion
 * ("clerk.fire-rescue 在「消防检查」退回至「受理」，意见：材料不全").
 */
export function historySentence(item: HistoryItem, names: Record<string, string> = {}): string {
  const data = (item.data ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  const step = item.elementId ? names[item.elementId] ?? item.elementId : '';
  const list = data.signers ?? data.recipients;
  const rawTarget = Array.isArray(list) ? list.map(text).join('、') : text(data.toElementId ?? data.toUser ?? data.toDepartment ?? data.to ?? data.assignee ?? data.department);
  const target = names[rawTarget] ?? rawTarget;
  const decision = text(data.decision);
  const params = {
    actor: item.actor ?? t('history.system'),
    step,
    target,
    decision: decision ? tOr(`decision.${decision}`, decision) : '',
    type: item.type,
    level: data.level === undefined ? '' : tOr(`warning.${text(data.level)}`, tOr(`rating.${text(data.level)}`, text(data.level))),
    kind: data.kind === undefined ? '' : tOr(`pause.${text(data.kind)}`, text(data.kind)),
    position: data.position === undefined ? '' : tOr(`operation.position.${text(data.position)}`, text(data.position)),
    name: text(data.name ?? data.type ?? data.item),
  };
  let sentence = tOr(`history.${item.type}`, t('history.other', params), params);
  const comment = text(data.comment ?? data.opinion ?? data.reason);
  if (comment) sentence += t('history.withOpinion', { comment });
  return sentence;
}
