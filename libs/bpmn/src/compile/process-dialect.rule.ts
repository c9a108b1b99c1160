import type { ModdleDialect } from '../moddle/moddle-dialect.factory';
import type { ProcessDialect } from '../model/process-model';

/**
 * The semantics a process follows, from the namespaces its document declares: Camunda 7's when it
 * declares only the camunda namespace, Camunda 8's when it declares zeebe (alone or with camunda,
 * whose shared attributes are then read as zeebe's), plain BPMN (Tongban's own) otherwise.
 */
export function processDialectOf(dialect: ModdleDialect): ProcessDialect {
  if (dialect === 'camunda') return 'camunda7';
  if (dialect === 'zeebe' || dialect === 'dual') return 'camunda8';
  return 'bpmn';
}
