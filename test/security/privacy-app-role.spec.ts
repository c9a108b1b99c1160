import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BundleClient, JPEG, newCitizenId } from '../bundles/bundle-fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(4).toString('hex');
const database = `tongban_app_role_${suffix}`;
const member = `tongban_app_spec_${suffix}`;

function urlFor(user: string | null, db: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${db}`;
  if (user) url.username = user;
  return url.toString();
}

describe('the api and worker connected as the least-privilege role tongban_app', () => {
  let admin: DataSource;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_MIGRATION_URL: process.env.DATABASE_MIGRATION_URL };

  beforeAll(async () => {
    // given: a fresh database, migrated by its owner; the api logs in as a member of tongban_app
    admin = await new DataSource({ type: 'postgres', url: baseUrl }).initialize();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tongban_app') THEN CREATE ROLE tongban_app NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    await admin.query(`CREATE ROLE ${member} LOGIN INHERIT IN ROLE tongban_app`);
  });

  const { t, api } = useTestApp(async () => {
    process.env.DATABASE_MIGRATION_URL = urlFor(null, database);
    process.env.DATABASE_URL = urlFor(member, database);
    try {
      return await startTestApp();
    } finally {
      process.env.DATABASE_URL = saved.DATABASE_URL;
      if (saved.DATABASE_MIGRATION_URL === undefined) delete process.env.DATABASE_MIGRATION_URL;
      else process.env.DATABASE_MIGRATION_URL = saved.DATABASE_MIGRATION_URL;
    }
  });
  const b = new BundleClient(t, api);

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${member}`);
    await admin.destroy();
  });

  it('submits, reads and audits a case, with every statement allowed to the role', async () => {
    // given
    const applicant = newCitizenId('19900909');
    await b.registerCertificate({
      type: 'household-register', number: `H${applicant.slice(-8)}`, issuer: '上海市公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code: applicant, name: '赵敏' }, data: { address: '上海市静安区1号' },
    });
    const photo = await b.upload(JPEG, 'photo.jpg');
    const designer = await api.as('designer');
    const code = `app-role-${suffix}`;
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: '婴儿卡证', items: ['YB-CB-007', 'RS-SBK-002'] })).status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).status).toBe(201);

    // when
    const submitted = await b.submit({
      bundleCode: code, applicant: { type: 'citizen', code: applicant, name: '赵敏' }, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }],
      form: { 'baby.name': '赵小宝', 'baby.idNumber': newCitizenId('20261101'), 'baby.birthDate': '2026-11-01', 'baby.gender': '男', 'household.address': '上海市静安区1号', 'bank.account': '6222020200112233445', 'applicant.name': '赵敏', 'applicant.phone': '13700137000' },
    });

    // then
    expect(submitted.status).toBe(201);
    await b.openTasks(submitted.body.processInstanceId, ['Task_YB_CB_007_approve', 'Task_RS_SBK_002_approve']);
    const read = await t.http.get(`/api/v1/applications/${submitted.body.id}`).set('Authorization', await api.as('supervisor'));
    expect(read.status).toBe(200);
    const [who] = await admin.query(`SELECT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tongban' LIMIT 1`, [database]);
    expect(who.usename).toBe(member);
  });
});
