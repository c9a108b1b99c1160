import type { ModdleElement } from 'bpmn-moddle';
import type { TongbanExtension } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, listOf } from './moddle-access.util';

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
    if (Number.isFinite(value) && value > 0) ext.timeLimitDays = value;
    else ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:timeLimitDays "${days}" is not a positive number`);
  }
  const unit = attributeOf(element, 'tongban:timeLimitUnit');
  if (unit === 'working' || unit === 'calendar') ext.timeLimitUnit = unit;
  else if (unit !== undefined) ctx.out.add('BPMN_INVALID_MODEL', element, `tongban:timeLimitUnit "${unit}" is neither "working" nor "calendar"`);

  return Object.keys(ext).length > 0 ? ext : undefined;
}
