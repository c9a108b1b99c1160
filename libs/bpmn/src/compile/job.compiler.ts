import type { ModdleElement } from 'bpmn-moddle';
import { isExpression } from '../feel/feel-source.util';
import type { ElementDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionOf } from './moddle-access.util';

type Job = Pick<ElementDef, 'jobType' | 'jobRetries' | 'jobHeaders'>;

/**
 * The job a worker performs for a service-like task: `zeebe:taskDefinition` type and retries,
 * else `tongban:taskType` / `tongban:retries`, else a Camunda 7 external task topic; and the
 * static `zeebe:taskHeaders` handed to the worker. A type expression (`= "police." + region`) is
 * kept as `=` and its FEEL body and evaluated when the job is created; retries may be a number literal
 * written as an expression (`= 3`).
 */
export function compileJob(task: ModdleElement, ctx: CompileContext): Job {
  const definition = extensionOf(task, 'zeebe:TaskDefinition');
  const external = attributeOf(task, 'camunda:type') === 'external' ? attributeOf(task, 'camunda:topic') : undefined;
  const rawType = attributeOf(definition, 'type') ?? attributeOf(task, 'tongban:taskType') ?? external;
  const jobType = rawType !== undefined && isExpression(rawType) ? `=${ctx.feel(task, rawType, 'job type') ?? ''}` : rawType;
  const rawRetries = attributeOf(definition, 'retries') ?? attributeOf(task, 'tongban:retries');
  return { jobType, jobRetries: retriesOf(task, rawRetries, ctx), jobHeaders: headersOf(task) };
}

function headersOf(task: ModdleElement): Record<string, string> | undefined {
  const headers: ModdleElement[] = extensionOf(task, 'zeebe:TaskHeaders')?.values ?? [];
  if (headers.length === 0) return undefined;
  return Object.fromEntries(headers.map((header) => [String(header.key ?? ''), String(header.value ?? '')]));
}

function retriesOf(task: ModdleElement, raw: string | undefined, ctx: CompileContext): number | undefined {
  if (raw === undefined) return undefined;
  const retries = Number(isExpression(raw) ? ctx.feel(task, raw, 'retries') : raw);
  if (!Number.isInteger(retries) || retries < 0) {
    ctx.out.add('BPMN_INVALID_MODEL', task, `retries "${raw}" is not a whole number${isExpression(raw) ? ' (a retries expression must be a number literal)' : ''}`);
    return undefined;
  }
  return retries;
}
