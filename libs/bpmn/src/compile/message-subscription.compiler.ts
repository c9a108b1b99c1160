import type { ModdleElement } from 'bpmn-moddle';
import { isExpression } from '../feel/feel-source.util';
import type { EventDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionOf } from './moddle-access.util';

/**
 * The message an event or receive task refers to: its name (`messageRef` → `message@name`, a
 * FEEL expression when it starts with `=` or holds Camunda 7 `${…}`) and the correlation key, `tongban:correlationKey`
 * on the element, else `zeebe:subscription@correlationKey` on the message.
 */
export function compileMessageSubscription(element: ModdleElement, message: ModdleElement | undefined, ctx: CompileContext): EventDef {
  const def: EventDef = { kind: 'message' };
  const rawName: string | undefined = message?.name ?? undefined;
  if (rawName !== undefined) {
    def.messageName = isExpression(rawName) ? `=${ctx.feel(element, rawName, 'message name')}` : rawName;
  }
  const rawKey = attributeOf(element, 'tongban:correlationKey') ?? attributeOf(extensionOf(message, 'zeebe:Subscription'), 'correlationKey');
  if (rawKey !== undefined) def.correlationKey = ctx.feel(element, rawKey, 'correlation key');
  return def;
}
