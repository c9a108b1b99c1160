import type { DmnProblem } from '../dmn.errors';
import type { DecisionDefinition } from '../model/decision-model';

/** Problems of a DRG: a required decision that is not in the document, or decisions requiring each other in a cycle. */
export function checkRequirements(decisions: DecisionDefinition[]): DmnProblem[] {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const problems: DmnProblem[] = [];
  for (const decision of decisions) {
    for (const required of decision.requires) {
      if (!byId.has(required)) problems.push({ elementId: decision.id, message: `required decision "${required}" does not exist` });
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done' || !byId.has(id)) return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      problems.push({ elementId: id, message: `required decisions form a cycle: ${cycle.join(' -> ')}` });
      return;
    }
    state.set(id, 'visiting');
    for (const required of byId.get(id)!.requires) visit(required, [...path, id]);
    state.set(id, 'done');
  };
  for (const decision of decisions) visit(decision.id, []);
  return problems;
}
