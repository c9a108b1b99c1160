import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionOf } from './moddle-access.util';
import { hasJuel } from '../juel/juel-text.translator';

/**
 * The FEEL script of a script or business-rule task: `zeebe:script expression resultVariable`,
 * or a `bpmn:script` body whose scriptFormat is FEEL or Camunda 7's JUEL (`camunda:resultVariable`
 * names the result). Scripts in other languages (JavaScript, Groovy…) are refused: tongban never runs them.
 */
export function compileScript(task: ModdleElement, ctx: CompileContext): ElementDef['script'] {
  const zeebe = extensionOf(task, 'zeebe:Script');
  if (zeebe) {
    const expression = ctx.feel(task, attributeOf(zeebe, 'expression') ?? '', 'script expression') ?? '';
    return { expression, resultVariable: attributeOf(zeebe, 'resultVariable') };
  }
  if (task.$type !== 'bpmn:ScriptTask' || task.script === undefined || task.script === null) return undefined;
  const format = String(task.scriptFormat ?? '').trim();
  if (/^juel$/i.test(format)) return juelScriptOf(task, ctx);
  if (!/^feel$/i.test(format)) {
    ctx.unsupported(task, `scriptFormat "${format || '(none)'}" is not supported; only FEEL scripts run`);
    return undefined;
  }
  const expression = ctx.feel(task, String(task.script), 'script') ?? '';
  return { expression, resultVariable: attributeOf(task, 'camunda:resultVariable') };
}

/**
 * A Camunda 7 JUEL script is one composite expression: `${i + 1}` is translated to FEEL, text
 * without `${…}` is its own value (`0` gives the text "0", as in Camunda 7).
 */
function juelScriptOf(task: ModdleElement, ctx: CompileContext): ElementDef['script'] {
  const text = String(task.script).trim();
  const expression = hasJuel(text) ? ctx.feel(task, text, 'script') : JSON.stringify(text);
  if (expression === undefined) return undefined;
  return { expression, resultVariable: attributeOf(task, 'camunda:resultVariable') };
}
