import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigError, regionContext, ROOT_REGION, RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { InjectIdentityConfig, type IdentityConfig } from './config/identity-config';
import { DEMO_API_KEY, DEMO_APPLICANTS, DEMO_CITY, DEMO_DEPARTMENTS } from './demo-departments';
import { DepartmentService } from './departments/department.service';
import { RegionService } from './regions/region.service';
import { IdentityService } from './identity.service';
import { assertPasswordAllowed } from './passwords/password-policy';
import type { Role } from './principal';
import { DemoAccountRemover } from './production/demo-account-remover';

/**
 * Accounts created at start, idempotently (existing accounts are kept as they are):
 * - `TONGBAN_ADMIN_PASSWORD` set: an `admin` with that password (how a production install begins);
 * - demo mode: the demo API key and the users admin, designer, supervisor, a clerk per
 *   department and the demo applicants, each with password = username (hashed at the demo cost,
 *   `hashDemoPassword`); and a second region, `DEMO_CITY`, with its own admin and clerk;
 * - production: refuses to start with an admin password against the password policy, and removes
 *   the demo accounts and key an earlier demo run left behind.
 */
@Injectable()
export class AccountSeeder implements OnModuleInit {
  private readonly logger = new Logger(AccountSeeder.name);

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @InjectIdentityConfig() private readonly identityConfig: IdentityConfig,
    private readonly identity: IdentityService,
    private readonly demoAccounts: DemoAccountRemover,
    private readonly regions: RegionService,
    private readonly departments: DepartmentService,
  ) {}

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    await this.seed();
    // `npm start` reports its start-up in parts; this is the accounts part.
    performance.measure('tongban:seed-accounts', { start: started });
  }

  private async seed(): Promise<void> {
    if (this.config.production) await this.hardenForProduction(this.config.adminPassword ?? '');
    if (this.config.adminPassword) await this.identity.ensureUser({ username: 'admin', password: this.config.adminPassword, roles: ['admin'] });
    if (this.config.demo) await this.seedDemo();
  }

  private async hardenForProduction(adminPassword: string): Promise<void> {
    try {
      assertPasswordAllowed({ minLength: this.identityConfig.passwordMinLength }, 'admin', adminPassword);
    } catch (error) {
      throw new ConfigError(`TONGBAN_ADMIN_PASSWORD is refused in production: ${(error as Error).message}`);
    }
    await this.demoAccounts.removeDemoAccounts(adminPassword);
  }

  private async seedDemo(): Promise<void> {
    const users: { username: string; roles: Role[]; department?: string; applicantCode?: string; displayName?: string }[] = [
      { username: 'admin', roles: ['admin'] },
      { username: 'designer', roles: ['designer'] },
      { username: 'supervisor', roles: ['supervisor'] },
      ...DEMO_DEPARTMENTS.map((department) => ({ username: `clerk.${department}`, roles: ['clerk'] as Role[], department })),
      ...DEMO_APPLICANTS.map((a) => ({ username: a.username, roles: ['applicant'] as Role[], applicantCode: a.code, displayName: a.name })),
    ];
    await this.identity.ensureApiKey({ name: 'demo-integrator', key: DEMO_API_KEY, roles: ['integrator'] });
    await this.identity.ensureUsers(users.map((u) => ({ ...u, password: u.username })), { demo: true });
    await this.seedDemoCity();
    this.logger.log(`demo mode: ${users.length} users and the demo API key are ready; ${DEMO_CITY.code} has city.admin and city.clerk`);
  }

  /** The demo's second region (`DEMO_CITY`), its department, admin and clerk, all written in that region. */
  private async seedDemoCity(): Promise<void> {
    await this.regions.ensure({ code: DEMO_CITY.code, name: DEMO_CITY.name, parent: ROOT_REGION, level: 'city' });
    await regionContext.run({ home: DEMO_CITY.code, regions: [DEMO_CITY.code], inherited: [ROOT_REGION] }, async () => {
      await this.departments.ensure(DEMO_CITY.department, DEMO_CITY.departmentName);
      await this.identity.ensureUser({ username: 'city.admin', password: 'city.admin', roles: ['admin'] }, { demo: true });
      await this.identity.ensureUser({ username: 'city.clerk', password: 'city.clerk', roles: ['clerk'], department: DEMO_CITY.department }, { demo: true });
    });
  }
}
