import type { InstanceState } from '@tongban/engine';
import type { EntityManager } from 'typeorm';

/** What a read-only question about an instance needs: its definition and engine state, unlocked. */
export interface InstanceSnapshot {
  definitionId: string;
  engineState: InstanceState;
}

/** Unlocked reads of `process_instance` for queries that change nothing (which operations a task allows). */
export const instanceSnapshots = {
  async read(manager: EntityManager, id: string): Promise<InstanceSnapshot | undefined> {
    const [row] = (await manager.query(`SELECT definition_id AS "definitionId", engine_state AS "engineState" FROM process_instance WHERE id = $1`, [id])) as InstanceSnapshot[];
    return row;
  },
};
