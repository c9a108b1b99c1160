import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/test-app';
import { inRoot } from '../support/root-scope';
import { shippedItem, useCatalogDir } from './catalog-dir';

/** A start whose catalogue files are those last seeded seeds nothing; a changed file seeds again. */
describe('seeding the catalogue only when its files changed', () => {
  const { writeItems } = useCatalogDir();
  let running: TestApp | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(): Promise<{ db: DataSource; seeded: () => Promise<{ hash: string; at: Date }>; versions: (code: string) => Promise<number[]> }> {
    running = await startTestApp();
    const db = inRoot(running.app).get(DataSource);
    return {
      db,
      seeded: async () => {
        const [row] = await db.query(`SELECT content_hash AS hash, seeded_at AS at FROM catalog_seed WHERE region = current_setting('tongban.region', true)`);
        return row;
      },
      versions: async (code) => (await db.query(`SELECT version FROM catalog_entry WHERE kind = 'item' AND key = $1 ORDER BY version`, [code])).map((r: { version: number }) => r.version),
    };
  }

  it('skips a start with unchanged files and seeds the next one whose items changed', async () => {
    // given: a catalogue with a new item, seeded
    const s = randomBytes(3).toString('hex');
    const base = shippedItem('YB-CB-007') as Record<string, unknown> & { holder: unknown };
    const code = `S1-${s}`;
    writeItems([{ ...base, code }]);
    const first = await start();
    const seeded = await first.seeded();
    expect(await first.versions(code)).toEqual([1]);
    // the seeded version is edited behind the seeder's back: seeding would give the item a version from the file again
    await first.db.query(`UPDATE catalog_entry SET body = jsonb_set(body, '{promisedDays}', '1') WHERE kind = 'item' AND key = $1`, [code]);
    await running!.close();
    running = undefined;

    // when: it starts again on the same files
    const second = await start();

    // then: nothing was seeded
    expect(await second.versions(code)).toEqual([1]);
    expect(await second.seeded()).toEqual(seeded);
    await running!.close();
    running = undefined;

    // when: the item's file changes
    writeItems([{ ...base, code, promisedDays: 3 }]);
    const third = await start();

    // then: the catalogue is seeded from the changed file
    expect(await third.versions(code)).toEqual([1, 2]);
    const [latest] = await third.db.query(`SELECT body FROM catalog_entry WHERE kind = 'item' AND key = $1 AND version = 2`, [code]);
    expect(latest.body.promisedDays).toBe(3);
    expect((await third.seeded()).hash).not.toBe(seeded.hash);
  });
});
