import type { ProcessModel } from '@tongban/bpmn';
import type { InstanceState, MovedElement } from '@tongban/engine';
import type { EntityManager } from 'typeorm';

/**
 * The rows a migrated instance keeps under the same element instance keys: tasks, jobs, timers and
 * subscriptions get their new element id (tasks their new name too, when the target names the step
 * plainly); the instance's scheduled timers and the instance row point at the target definition.
 */
export const migrationRows = {
  async rename(manager: EntityManager, instanceId: string, moved: MovedElement[], target: ProcessModel): Promise<void> {
    const elements = moved.filter((m) => !m.subscription);
    if (elements.length > 0) {
      const keys = elements.map((m) => m.key);
      const ids = elements.map((m) => m.to);
      const names = elements.map((m) => (target.elements[m.to]?.nameExpression ? null : target.elements[m.to]?.name ?? null));
      await manager.query(
        `UPDATE task t SET element_id = m.element_id, name = COALESCE(m.name, t.name)
           FROM unnest($2::text[], $3::text[], $4::text[]) AS m(element_key, element_id, name)
          WHERE t.instance_id = $1 AND t.element_key = m.element_key`,
        [instanceId, keys, ids, names],
      );
      await manager.query(
        `UPDATE job j SET element_id = m.element_id FROM unnest($2::text[], $3::text[]) AS m(element_key, element_id)
          WHERE j.instance_id = $1 AND j.element_key = m.element_key`,
        [instanceId, keys, ids],
      );
    }
    if (moved.length === 0) return;
    const keys = moved.map((m) => m.key);
    const ids = moved.map((m) => m.to);
    for (const table of ['timer', 'message_subscription', 'signal_subscription']) {
      await manager.query(
        `UPDATE ${table} s SET element_id = m.element_id FROM unnest($2::text[], $3::text[]) AS m(element_key, element_id)
          WHERE s.instance_id = $1 AND s.element_key = m.element_key`,
        [instanceId, keys, ids],
      );
    }
  },

  /** Open incidents follow their elements (the engine state names each incident's element). */
  async renameIncidents(manager: EntityManager, instanceId: string, state: InstanceState): Promise<void> {
    const incidents = Object.values(state.incidents);
    if (incidents.length === 0) return;
    await manager.query(
      `UPDATE incident i SET element_id = m.element_id FROM unnest($2::text[], $3::text[]) AS m(incident_key, element_id)
        WHERE i.instance_id = $1 AND i.incident_key = m.incident_key AND i.state = 'open'`,
      [instanceId, incidents.map((i) => i.key), incidents.map((i) => i.elementId)],
    );
  },

  /** The instance row and its scheduled timers belong to the target definition from now on. */
  async repoint(manager: EntityManager, instanceId: string, definition: { id: string; version: number }): Promise<void> {
    await manager.query(`UPDATE process_instance SET definition_id = $2, definition_version = $3 WHERE id = $1`, [instanceId, definition.id, definition.version]);
    await manager.query(`UPDATE timer SET definition_id = $2 WHERE instance_id = $1 AND state = 'scheduled'`, [instanceId, definition.id]);
  },
};
