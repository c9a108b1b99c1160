import { DecisionEvaluationFailure } from '../dmn.errors';
import type { DecisionTable } from '../model/decision-model';
import type { DmnFeel } from './dmn-feel.port';
import type { MatchedRule } from './decision-result';

/** The matched rules a table's hit policy keeps, in the order it defines, and the table's value (DMN 1.3, 8.2.11). */
export function applyHitPolicy(
  decisionId: string,
  table: DecisionTable,
  matched: MatchedRule[],
  feel: DmnFeel,
): { kept: MatchedRule[]; value: unknown; aggregate?: unknown } {
  const single = (rule: MatchedRule | undefined): unknown => (rule ? asValue(table, rule) : null);
  const ids = matched.map((m) => m.ruleId);
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) throw new DecisionEvaluationFailure(decisionId, `has hit policy UNIQUE but rules ${ids.join(', ')} all matched`, ids);
      return { kept: matched, value: single(matched[0]) };
    case 'ANY': {
      const distinct = new Set(matched.map((m) => stableJson(m.outputs)));
      if (distinct.size > 1) throw new DecisionEvaluationFailure(decisionId, `has hit policy ANY but the matched rules ${ids.join(', ')} give different outputs`, ids);
      return { kept: matched.slice(0, 1), value: single(matched[0]) };
    }
    case 'FIRST':
      return { kept: matched.slice(0, 1), value: single(matched[0]) };
    case 'PRIORITY': {
      const ordered = byPriority(table, matched, feel);
      return { kept: ordered.slice(0, 1), value: single(ordered[0]) };
    }
    case 'RULE ORDER':
      return { kept: matched, value: matched.map((m) => asValue(table, m)) };
    case 'OUTPUT ORDER': {
      const ordered = byPriority(table, matched, feel);
      return { kept: ordered, value: ordered.map((m) => asValue(table, m)) };
    }
    case 'COLLECT': {
      if (!table.aggregation) return { kept: matched, value: matched.map((m) => asValue(table, m)) };
      const aggregate = aggregateOf(decisionId, table, matched);
      return { kept: matched, value: aggregate, aggregate };
    }
  }
}

/** A rule's outputs as the table's value: the bare value with one output, a context with several. */
function asValue(table: DecisionTable, rule: MatchedRule): unknown {
  return table.outputs.length === 1 ? rule.outputs[table.outputs[0].name] : rule.outputs;
}

/** Matched rules ordered by the position of their outputs in the output values lists (first output first). */
function byPriority(table: DecisionTable, matched: MatchedRule[], feel: DmnFeel): MatchedRule[] {
  const orders = table.outputs.map((output) => (output.values ?? []).map((text) => {
    const result = feel.expression(text, {});
    return result.ok ? stableJson(result.value) : text;
  }));
  const rank = (rule: MatchedRule): number[] => table.outputs.map((output, i) => {
    const at = orders[i].indexOf(stableJson(rule.outputs[output.name]));
    return at === -1 ? orders[i].length : at;
  });
  return matched
    .map((rule, index) => ({ rule, index, rank: rank(rule) }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i] - b.rank[i];
      return a.index - b.index;
    })
    .map((entry) => entry.rule);
}

function aggregateOf(decisionId: string, table: DecisionTable, matched: MatchedRule[]): unknown {
  const name = table.outputs[0].name;
  const values = matched.map((m) => m.outputs[name]).filter((v) => v !== null && v !== undefined);
  if (table.aggregation === 'COUNT') return values.length;
  if (values.length === 0) return null;
  if (values.some((v) => typeof v !== 'number')) {
    throw new DecisionEvaluationFailure(decisionId, `cannot aggregate ${table.aggregation} over outputs that are not all numbers`, matched.map((m) => m.ruleId));
  }
  const numbers = values as number[];
  if (table.aggregation === 'SUM') return numbers.reduce((sum, n) => sum + n, 0);
  if (table.aggregation === 'MIN') return Math.min(...numbers);
  return Math.max(...numbers);
}

/** JSON text with object keys sorted, for comparing outputs. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}
