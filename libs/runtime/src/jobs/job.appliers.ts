import { randomUUID } from 'node:crypto';
import { CONTROL_TOPIC } from '../control/control.topics';
import { returnedRows } from '../control/returned-rows.util';
import { COMMAND_REGION, IN_COMMAND_REGION } from '../database/region-filter';
import type { EffectApplierTable } from '../effects/effect-appliers';
import { jobTopic } from '../outbox/outbox.topics';
import { jobQueueJobId, type JobMessage } from './job.types';

/**
 * System tasks: a `job` row per service task activation, activatable over REST and published to the
 * BullMQ queue of its type for a department's own worker. Retries come from the model, or from the
 * operator who resolved the previous failure of the same element with `retries`. A withdrawn job's
 * message is taken off its queue by the worker (through the outbox).
 */
export const jobAppliers: EffectApplierTable = {
  'job.created': async (ctx, effect) => {
    const id = randomUUID();
    const rows = (await ctx.manager.query(
      `INSERT INTO job (region, id, instance_id, process_key, element_id, element_key, type, state, retries, available_at, variables, custom_headers, created_at)
       VALUES (${COMMAND_REGION}, $1, $2, $3, $4, $5, $6, 'activatable',
               COALESCE((SELECT resolve_retries FROM job WHERE instance_id = $2 AND ${IN_COMMAND_REGION} AND element_key = $5 AND state = 'failed' ORDER BY created_at DESC LIMIT 1), $7),
               $8, $9, $10, $8)
       RETURNING retries`,
      [id, ctx.instance.id, ctx.instance.processKey, effect.elementId, effect.key, effect.jobType, effect.retries, ctx.now, JSON.stringify(effect.variables ?? {}), JSON.stringify(effect.headers ?? {})],
    )) as { retries: number }[];
    const message: JobMessage = {
      jobId: id,
      queueJobId: jobQueueJobId(id),
      instanceId: ctx.instance.id,
      processKey: ctx.instance.processKey,
      key: effect.key,
      elementId: effect.elementId,
      jobType: effect.jobType,
      retries: rows[0].retries,
      variables: effect.variables ?? {},
      customHeaders: effect.headers ?? {},
    };
    ctx.publish({ topic: jobTopic(effect.jobType), type: 'job.created', payload: message as unknown as Record<string, unknown> });
    ctx.record({ type: 'job.created', elementId: effect.elementId, elementKey: effect.key, data: { jobId: id, jobType: effect.jobType } });
  },
  'job.cancelled': async (ctx, effect) => {
    const withdrawn = returnedRows<{ id: string; type: string }>(await ctx.manager.query(
      `UPDATE job SET state = 'cancelled', ended_at = $3, deadline = NULL WHERE instance_id = $1 AND element_key = $2 AND state IN ('activatable', 'activated') RETURNING id, type`,
      [ctx.instance.id, effect.key, ctx.now],
    ));
    for (const job of withdrawn) ctx.publish({ topic: CONTROL_TOPIC, type: 'job.withdraw', payload: { jobId: job.id, jobType: job.type } });
    ctx.record({ type: 'job.cancelled', elementId: effect.elementId, elementKey: effect.key });
  },
};
