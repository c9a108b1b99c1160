import type { EntityManager } from 'typeorm';

/** The hash of the shipped catalogue last seeded into the current region (`catalog_seed`). */
export const catalogSeeds = {
  async hash(manager: EntityManager): Promise<string | undefined> {
    const rows: { content_hash: string }[] = await manager.query(`SELECT content_hash FROM catalog_seed WHERE region = current_setting('tongban.region', true)`);
    return rows[0]?.content_hash;
  },

  async record(manager: EntityManager, contentHash: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO catalog_seed (content_hash, seeded_at) VALUES ($1, $2)
       ON CONFLICT (region) DO UPDATE SET content_hash = EXCLUDED.content_hash, seeded_at = EXCLUDED.seeded_at`,
      [contentHash, at],
    );
  },
};
