import { returnedRows } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

export interface AttachmentMeta {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  createdAt: Date;
}

interface RawRow {
  id: string;
  name: string;
  size: number;
  media_type: string;
  sha256: string;
  created_at: Date;
}

const META = 'id, name, size, media_type, sha256, created_at';

function metaOf(r: RawRow): AttachmentMeta {
  return { id: r.id, name: r.name, size: r.size, mediaType: r.media_type, sha256: r.sha256, createdAt: r.created_at };
}

/** `attachment`: uploaded materials, the bytes in a bytea column next to their checksum. */
export const attachments = {
  async insert(manager: EntityManager, meta: Omit<AttachmentMeta, 'createdAt'>, content: Buffer, actor: string | null): Promise<AttachmentMeta> {
    const rows = returnedRows<RawRow>(await manager.query(
      `INSERT INTO attachment (id, name, size, media_type, sha256, content, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${META}`,
      [meta.id, meta.name, meta.size, meta.mediaType, meta.sha256, content, actor],
    ));
    return metaOf(rows[0]);
  },

  async find(manager: EntityManager, id: string): Promise<AttachmentMeta | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${META} FROM attachment WHERE id = $1`, [id]));
    return rows[0] ? metaOf(rows[0]) : undefined;
  },

  async content(manager: EntityManager, id: string): Promise<Buffer | undefined> {
    const rows = returnedRows<{ content: Buffer }>(await manager.query(`SELECT content FROM attachment WHERE id = $1`, [id]));
    return rows[0]?.content;
  },

  /** Who uploaded the attachment (the principal's name). */
  async uploader(manager: EntityManager, id: string): Promise<string | null> {
    const rows = returnedRows<{ created_by: string | null }>(await manager.query(`SELECT created_by FROM attachment WHERE id = $1`, [id]));
    return rows[0]?.created_by ?? null;
  },

  /** The ids among `ids` that exist. */
  async existing(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = returnedRows<{ id: string }>(await manager.query(`SELECT id FROM attachment WHERE id = ANY($1::uuid[])`, [ids]));
    return new Set(rows.map((r) => r.id));
  },
};
