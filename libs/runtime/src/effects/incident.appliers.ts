import { randomUUID } from 'node:crypto';
import { insertRows } from '../database/insert-rows';
import { IncidentEntity } from '../incidents/incident.entity';
import type { EffectApplierTable } from './effect-appliers';

/** Incidents: where an instance stopped and waits for an operator. */
export const incidentAppliers: EffectApplierTable = {
  'incident.raised': async (ctx, effect) => {
    const id = randomUUID();
    await insertRows(ctx.manager, IncidentEntity, {
      id,
      instanceId: ctx.instance.id,
      incidentKey: effect.key,
      elementId: effect.elementId,
      type: effect.incidentType,
      message: effect.message,
      state: 'open',
      createdAt: ctx.now,
    });
    ctx.record({ type: 'incident.raised', elementId: effect.elementId, elementKey: effect.key, data: { incidentId: id, incidentType: effect.incidentType, message: effect.message } });
  },
  'incident.resolved': async (ctx, effect) => {
    await ctx.manager.query(
      `UPDATE incident SET state = 'resolved', resolved_at = $3 WHERE instance_id = $1 AND incident_key = $2 AND state = 'open'`,
      [ctx.instance.id, effect.key, ctx.now],
    );
    ctx.record({ type: 'incident.resolved', elementId: effect.elementId, elementKey: effect.key });
  },
};
