import type { ModdleElement } from 'bpmn-moddle';
import type { TongbanExtension } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, listOf, localType } from './moddle-access.util';

/**
 * The `tongban:` attributes of a step or process: the service item it handles, the form fields
 * and certificates it sees and issues, and its time limit. Undefined when none is set.
 */
export function compileTongbanExtension(element: ModdleElement, ctx: CompileContext): TongbanExtension | undefined {
  const ext: TongbanExtension = {};
  const item = attributeOf(element, 'tongban:item');
  if (item) ext.item = item;
  const fields = listOf(attributeOf(element, 'tongban:fields'));
  if (fields) ext.fields = fields;
  const certificatesIn = listOf(attributeOf(element, 'tongban:certificatesIn'));
  if (certificatesIn) ext.certificatesIn = certificatesIn;
  const certificatesOut = listOf(attributeOf(element, 'tongban:certificatesOut'));
  if (certificatesOut) ext.certificatesOut = certificatesOut;

  const days = attributeOf(element, 'tongban:timeLimitDays');
  if (days !== undefined) {
    const value = Number(days);
    if (Number.isInteger(value) && value >= 0) ext.timeLimitDays = value;
    else ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:timeLimitDays "${days}" is not a whole number of days (0 for done on the day of acceptance)`);
  }
  const hours = attributeOf(element, 'tongban:timeLimitHours');
  if (hours !== undefined) {
    const value = Number(hours);
    if (Number.isInteger(value) && value > 0) ext.timeLimitHours = value;
    else ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:timeLimitHours "${hours}" is not a whole number of hours above 0`);
  }
  const unit = attributeOf(element, 'tongban:timeLimitUnit');
  if (unit === 'working' || unit === 'calendar') ext.timeLimitUnit = unit;
  else if (unit !== undefined) ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:timeLimitUnit "${unit}" is neither "working" nor "calendar"`);
  if (ext.timeLimitHours !== undefined && ext.timeLimitDays !== undefined) ctx.out.add('BPMN_INVALID_MODEL', element, 'tongban:timeLimitHours and tongban:timeLimitDays exclude each other: a step has one limit');

  compileDecisions(element, ext, ctx);
  compileReturnAcrossJoin(element, ext, ctx);
  const outcome = attributeOf(element, 'tongban:outcome');
  if (outcome !== undefined) {
    if (localType(element) !== 'endEvent') ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:outcome is allowed on end events only, not on a ${localType(element)}`);
    else if (!CODE.test(outcome)) ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:outcome "${outcome}" must be a lower-case word such as approved or rejected`);
    else ext.outcome = outcome;
  }

  return Object.keys(ext).length > 0 ? ext : undefined;
}

/** A decision or an outcome: a lower-case word, words joined by hyphens (`return-visit`). */
const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A variable name a FEEL condition can name as it is. */
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `tongban:decisions` and `tongban:decisionVariable`, on user tasks only. */
function compileDecisions(element: ModdleElement, ext: TongbanExtension, ctx: CompileContext): void {
  const raw = attributeOf(element, 'tongban:decisions');
  const variable = attributeOf(element, 'tongban:decisionVariable');
  if (raw === undefined && variable === undefined) return;
  if (localType(element) !== 'userTask') {
    ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:decisions and tongban:decisionVariable are allowed on user tasks only, not on a ${localType(element)}`);
    return;
  }
  if (raw !== undefined) {
    const decisions = listOf(raw) ?? [];
    const bad = decisions.filter((d) => !CODE.test(d));
    if (decisions.length === 0) ctx.out.add('BPMN_INVALID_MODEL', element, 'tongban:decisions is empty');
    else if (bad.length > 0) ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:decisions ${bad.map((d) => `"${d}"`).join(', ')} must be lower-case words such as approve or return-visit`);
    else if (new Set(decisions).size !== decisions.length) ctx.out.add('BPMN_INVALID_MODEL', element, 'tongban:decisions names a decision twice');
    else ext.decisions = decisions;
  }
  if (variable !== undefined) {
    if (!VARIABLE.test(variable)) ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:decisionVariable "${variable}" is not a variable name (letters, digits, _)`);
    else ext.decisionVariable = variable;
  }
}

/** `tongban:returnAcrossJoin`, `true` or `false`, on user tasks only. */
function compileReturnAcrossJoin(element: ModdleElement, ext: TongbanExtension, ctx: CompileContext): void {
  const raw = attributeOf(element, 'tongban:returnAcrossJoin');
  if (raw === undefined) return;
  if (localType(element) !== 'userTask') ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:returnAcrossJoin is allowed on user tasks only, not on a ${localType(element)}`);
  else if (raw !== 'true' && raw !== 'false') ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:returnAcrossJoin "${raw}" is neither "true" nor "false"`);
  else if (raw === 'true') ext.returnAcrossJoin = true;
}
