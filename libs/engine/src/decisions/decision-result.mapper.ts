import type { DecisionResultMapping } from '@tongban/bpmn';
import type { DecisionOutcome } from '@tongban/dmn';

/** The mapped result, or why the result has the wrong shape for the mapping. */
export type MappedResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Camunda 7's decision result mappers (camunda:mapDecisionResult): `singleEntry` one output of at most
 * one matched rule, `singleResult` the outputs of at most one rule, `collectEntries` the one output of
 * every rule, `resultList` the outputs of every rule. A result of another shape fails, as in Camunda 7.
 */
export function mapDecisionResult(outcome: DecisionOutcome, mapping: DecisionResultMapping): MappedResult {
  const list = outcome.resultList;
  const oneOutput = list.find((entry) => Object.keys(entry).length > 1);
  switch (mapping) {
    case 'singleEntry':
      if (list.length > 1) return fail(mapping, `the decision result has ${list.length} results, not at most one`);
      if (oneOutput) return fail(mapping, `the decision result has the outputs ${Object.keys(oneOutput).join(', ')}, not one`);
      return { ok: true, value: list.length === 0 ? null : Object.values(list[0])[0] ?? null };
    case 'singleResult':
      if (list.length > 1) return fail(mapping, `the decision result has ${list.length} results, not at most one`);
      return { ok: true, value: list[0] ?? null };
    case 'collectEntries':
      if (oneOutput) return fail(mapping, `the decision result has the outputs ${Object.keys(oneOutput).join(', ')}, not one`);
      return { ok: true, value: list.map((entry) => Object.values(entry)[0] ?? null) };
    case 'resultList':
      return { ok: true, value: list };
  }
}

function fail(mapping: DecisionResultMapping, why: string): MappedResult {
  return { ok: false, message: `mapDecisionResult ${mapping} failed: ${why}` };
}
