import { returnedRows } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { BundleDefinition, ServiceItem } from '../catalog/catalog.types';
import type { BundleArtifacts } from '../compose/bundle-artifacts';

/**
 * What a bundle row keeps besides its BPMN: the composition, the item definitions it was built
 * from, and the departments its process asks for work (the items' departments until a process is
 * deployed for it).
 */
export type StoredArtifacts = Omit<BundleArtifacts, 'bpmnXml'> & { itemDefinitions: ServiceItem[]; departments?: string[] };

export interface BundleRow {
  code: string;
  name: string;
  version: number;
  definition: BundleDefinition;
  artifacts: StoredArtifacts;
  bpmnXml: string;
  bpmnEdited: boolean;
  processKey: string;
  deployedDefinitionId: string | null;
  deployedVersion: number | null;
  /** The composition as last deployed: what new applications are checked against. */
  deployedArtifacts: StoredArtifacts | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The region the bundle belongs to (cities inherit their province's and the nation's). */
  region?: string;
}

interface RawRow {
  code: string;
  name: string;
  version: number;
  definition: BundleDefinition;
  artifacts: StoredArtifacts;
  bpmn_xml: string;
  bpmn_edited: boolean;
  process_key: string;
  deployed_definition_id: string | null;
  deployed_version: number | null;
  deployed_artifacts: StoredArtifacts | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  region?: string;
}

/** The columns `RawRow` reads, named rather than `*` so that a statement's result keeps its shape (and may stay prepared) when a migration adds a column. */
const COLUMNS = 'code, name, version, definition, artifacts, bpmn_xml, bpmn_edited, process_key, deployed_definition_id, deployed_version, deployed_artifacts, created_by, created_at, updated_at, region';

function rowOf(r: RawRow): BundleRow {
  return {
    code: r.code, name: r.name, version: r.version, definition: r.definition, artifacts: r.artifacts, bpmnXml: r.bpmn_xml, bpmnEdited: r.bpmn_edited,
    processKey: r.process_key, deployedDefinitionId: r.deployed_definition_id, deployedVersion: r.deployed_version, deployedArtifacts: r.deployed_artifacts,
    createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
    ...(r.region ? { region: r.region } : {}),
  };
}

/** `bundle`: one row per bundle; `version` counts its changes (composition, edited BPMN). */
export const bundles = {
  async list(manager: EntityManager): Promise<BundleRow[]> {
    return returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM bundle ORDER BY code`)).map(rowOf);
  },

  async find(manager: EntityManager, code: string, lock = false): Promise<BundleRow | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM bundle WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]));
    return rows[0] ? rowOf(rows[0]) : undefined;
  },

  /** Inserts a bundle unless its code exists; true when inserted. */
  async insert(manager: EntityManager, row: Omit<BundleRow, 'createdAt' | 'updatedAt' | 'deployedArtifacts'>, now: Date): Promise<boolean> {
    const inserted = returnedRows(await manager.query(
      `INSERT INTO bundle (code, name, version, definition, artifacts, bpmn_xml, bpmn_edited, process_key, deployed_definition_id, deployed_version, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [row.code, row.name, row.version, JSON.stringify(row.definition), JSON.stringify(row.artifacts), row.bpmnXml, row.bpmnEdited, row.processKey,
        row.deployedDefinitionId, row.deployedVersion, row.createdBy, now],
    ));
    return inserted.length === 1;
  },

  /** A new composition of an existing bundle: definition, artifacts and generated BPMN replace the old ones. */
  async recompose(manager: EntityManager, row: Pick<BundleRow, 'code' | 'name' | 'definition' | 'artifacts' | 'bpmnXml'>, now: Date): Promise<void> {
    await manager.query(
      `UPDATE bundle SET name = $2, definition = $3, artifacts = $4, bpmn_xml = $5, bpmn_edited = false, version = version + 1, updated_at = $6 WHERE code = $1`,
      [row.code, row.name, JSON.stringify(row.definition), JSON.stringify(row.artifacts), row.bpmnXml, now],
    );
  },

  async replaceBpmn(manager: EntityManager, code: string, xml: string, now: Date): Promise<void> {
    await manager.query(`UPDATE bundle SET bpmn_xml = $2, bpmn_edited = true, version = version + 1, updated_at = $3 WHERE code = $1`, [code, xml, now]);
  },

  async findByProcessKey(manager: EntityManager, processKey: string): Promise<BundleRow | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM bundle WHERE process_key = $1 FOR UPDATE`, [processKey]));
    return rows[0] ? rowOf(rows[0]) : undefined;
  },

  /**
   * A new process version deployed for the bundle, by whichever route: its BPMN becomes the
   * bundle's (edited when it differs, a new bundle version then), its departments and savings
   * those of that process, and it is the deployed version with the composition as it is now.
   * Telling it the same version again changes nothing more.
   */
  async followDeployment(manager: EntityManager, code: string, deployed: { definitionId: string; version: number; xml: string; artifacts: StoredArtifacts }, now: Date): Promise<void> {
    await manager.query(
      `UPDATE bundle SET bpmn_edited = bpmn_edited OR bpmn_xml <> $4, version = version + CASE WHEN bpmn_xml <> $4 THEN 1 ELSE 0 END, bpmn_xml = $4,
              artifacts = $5, deployed_definition_id = $2, deployed_version = $3, deployed_artifacts = $5, updated_at = $6
        WHERE code = $1`,
      [code, deployed.definitionId, deployed.version, deployed.xml, JSON.stringify(deployed.artifacts), now],
    );
  },
};
