import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

type Violation = { file: string; line: number; message: string };
const { checkTableOwners } = require('../../scripts/check-table-owners') as {
  checkTableOwners(root: string, owners: { tables: Record<string, string[]>; opaqueColumns?: Record<string, string> }): Violation[];
};

/** `npm run lint` fails when a package writes or reads another package's tables or looks into another's state. */
describe('the table-ownership check (scripts/check-table-owners.js)', () => {
  const OWNERS = { tables: { runtime: ['job', 'history_event', 'process_instance'], catalog: ['certificate'] }, opaqueColumns: { engine_state: 'engine' } };
  let root: string;

  const write = (files: Record<string, string>) => {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), content);
    }
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tongban-owners-'));
    write({
      'migrations/1-initial.ts': 'q.query(`CREATE TABLE job (id uuid)`); q.query(`CREATE TABLE history_event (id uuid)`);\n' +
        'q.query(`CREATE TABLE IF NOT EXISTS process_instance (id uuid, engine_state jsonb)`); q.query(`CREATE TABLE certificate (id uuid)`);\n',
      'libs/runtime/src/jobs/job.service.ts': [
        "/** Contract: 1. `UPDATE job SET state` … */",
        'export const complete = `UPDATE job SET state = \'completed\' WHERE id = $1`;',
        "export const audit = 'INSERT INTO history_event (id) VALUES ($1)';",
        "export const load = 'SELECT engine_state FROM process_instance WHERE id = $1 FOR UPDATE';",
      ].join('\n'),
      'libs/catalog/src/certificates/certificate.repository.ts': [
        "// UPDATE job SET state = 'completed' is the runtime's business: a comment is not a statement",
        "export const issue = 'INSERT INTO certificate (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = excluded.id';",
        "export const read = 'SELECT id FROM certificate WHERE id = $1';",
      ].join('\n'),
    });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes owners writing their own tables, reads, comments, ON CONFLICT DO UPDATE and FOR UPDATE', () => {
    // given the tree above

    // when
    const violations = checkTableOwners(root, OWNERS);

    // then
    expect(violations).toEqual([]);
  });

  it('names each write to another package\'s table with its file, line and statement', () => {
    // given
    write({
      'libs/catalog/src/nest/issue.processor.ts': [
        'const table = `job`;',
        'export const claim = `UPDATE job AS j SET state = \'completed\' WHERE j.id = ${table}`;',
        "export const audit = 'insert into history_event (id) values ($1)';",
        "export const purge = 'DELETE FROM public.process_instance WHERE id = $1';",
      ].join('\n'),
    });

    // when
    const violations = checkTableOwners(root, OWNERS);

    // then
    expect(violations).toEqual([
      { file: 'libs/catalog/src/nest/issue.processor.ts', line: 2, message: 'libs/catalog writes job (UPDATE), a table of libs/runtime' },
      { file: 'libs/catalog/src/nest/issue.processor.ts', line: 3, message: 'libs/catalog writes history_event (INSERT), a table of libs/runtime' },
      { file: 'libs/catalog/src/nest/issue.processor.ts', line: 4, message: 'libs/catalog writes process_instance (DELETE), a table of libs/runtime' },
    ]);
  });

  it('names each read of another package\'s table: the owner exports a read port instead', () => {
    // given
    write({
      'libs/catalog/src/nest/progress.service.ts': [
        "export const steps = 'SELECT state FROM job WHERE instance_id = $1';",
        'export const joined = `SELECT c.id FROM certificate c JOIN history_event h ON h.id = c.id`;',
      ].join('\n'),
    });

    // when
    const violations = checkTableOwners(root, OWNERS);

    // then
    expect(violations).toEqual([
      { file: 'libs/catalog/src/nest/progress.service.ts', line: 1, message: 'libs/catalog reads job (FROM), a table of libs/runtime' },
      { file: 'libs/catalog/src/nest/progress.service.ts', line: 2, message: 'libs/catalog reads history_event (JOIN), a table of libs/runtime' },
    ]);
  });

  it('flags a look inside another package\'s opaque state', () => {
    // given
    write({ 'libs/runtime/src/control/recovery.ts': "export const q = `SELECT id FROM process_instance p WHERE p.engine_state->'els' ? $1`;\n" });

    // when
    const violations = checkTableOwners(root, OWNERS);

    // then
    expect(violations).toEqual([
      { file: 'libs/runtime/src/control/recovery.ts', line: 1, message: 'libs/runtime reads inside engine_state (engine_state->), the internal state of libs/engine' },
    ]);
  });

  it('flags a write through another package\'s TypeORM entity', () => {
    // given
    write({
      'libs/runtime/src/history/history-event.entity.ts': "@Entity('history_event')\nexport class HistoryEventEntity {}\n",
      'libs/catalog/src/nest/audit.service.ts': 'export async function audit(m: any) {\n  await m.getRepository(HistoryEventEntity).insert({});\n}\n',
    });

    // when
    const violations = checkTableOwners(root, OWNERS);

    // then
    expect(violations).toEqual([
      { file: 'libs/catalog/src/nest/audit.service.ts', line: 2, message: 'libs/catalog writes history_event through the entity HistoryEventEntity, a table of libs/runtime' },
    ]);
  });

  it('fails when a migration creates a table without an owner', () => {
    // given
    write({ 'migrations/2-rating.ts': 'q.query(`CREATE TABLE rating (id uuid)`);\n' });

    // when
    const violations = checkTableOwners(root, OWNERS);

    // then
    expect(violations).toEqual([{ file: 'migrations', line: 0, message: 'table rating has no owning package: add it to scripts/table-owners.js' }]);
  });
});
