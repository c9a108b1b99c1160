import { DecisionEvaluationFailure, evaluateDecision } from '@tongban/dmn';
import type { ElementBehavior } from '../execution/element-behavior';
import { mapDecisionResult } from '../decisions/decision-result.mapper';
import { sandboxedDmnFeel } from '../feel/dmn-feel';
import { scriptTaskBehavior } from './script-task.behavior';

/**
 * Business rule task: evaluates the latest deployed version of its called decision over the
 * variables in scope with the sandboxed FEEL, records `decision.evaluated` (id, version, inputs,
 * matched rules, outputs, and the service item of a 秒办 step) and stores the result: Camunda 8 the decision's value, Camunda 7 the
 * result mapped by camunda:mapDecisionResult. A decision that is not deployed, fails, or whose
 * result does not fit the mapping stops the task with an incident; resolving it evaluates again.
 * Without a called decision it is a FEEL script or a job, like a script task.
 */
export const businessRuleTaskBehavior: ElementBehavior = {
  activate(run, ei, el) {
    const called = el.calledDecision;
    if (!called) return scriptTaskBehavior.activate(run, ei, el);
    const deployed = run.ctx.decisions?.(called.decisionId);
    if (!deployed) {
      run.raiseIncident(ei, 'DECISION_NOT_FOUND', `${el.id} calls decision "${called.decisionId}", which is not deployed`, 'activate');
      return;
    }
    let outcome;
    try {
      outcome = evaluateDecision(deployed.set, called.decisionId, run.variables(ei.key), sandboxedDmnFeel(run.ctx.now));
    } catch (error) {
      if (!(error instanceof DecisionEvaluationFailure)) throw error;
      run.raiseIncident(ei, 'DECISION_EVALUATION_FAILED', `${el.id}: ${error.message}`, 'activate');
      return;
    }
    run.history('decision.evaluated', el.id, ei.key, {
      decisionId: outcome.decisionId,
      version: deployed.version,
      inputs: outcome.inputs,
      matchedRules: outcome.matchedRules.map((rule) => rule.ruleId),
      outputs: outcome.value,
      required: outcome.required.map((d) => ({ decisionId: d.decisionId, matchedRules: d.matchedRules.map((r) => r.ruleId), outputs: d.value })),
      ...(el.tongban?.item ? { item: el.tongban.item } : {}),
    });
    const mapped = called.dialect === 'camunda' ? mapDecisionResult(outcome, called.mapResult ?? 'resultList') : { ok: true as const, value: outcome.value };
    if (!mapped.ok) {
      run.raiseIncident(ei, 'DECISION_EVALUATION_FAILED', `${el.id} (decision "${called.decisionId}"): ${mapped.message}`, 'activate');
      return;
    }
    run.complete(ei, called.resultVariable ? { [called.resultVariable]: mapped.value } : undefined);
  },
  complete: scriptTaskBehavior.complete,
  cancel: scriptTaskBehavior.cancel,
};
