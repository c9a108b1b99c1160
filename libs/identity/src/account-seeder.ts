import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/runtime';
import { DEMO_API_KEY, DEMO_DEPARTMENTS } from './demo-departments';
import { IdentityService } from './identity.service';
import type { Role } from './principal';

/**
 * Demo mode: seeds the demo API key and users (admin, designer, supervisor and a clerk per
 * department, password = username) at start. Idempotent; existing accounts are kept.
 */
@Injectable()
export class DemoSeeder implements OnModuleInit {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly identity: IdentityService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.demo) return;
    const users: { username: string; roles: Role[]; department?: string }[] = [
      { username: 'admin', roles: ['admin'] },
      { username: 'designer', roles: ['designer'] },
      { username: 'supervisor', roles: ['supervisor'] },
      ...DEMO_DEPARTMENTS.map((department) => ({ username: `clerk.${department}`, roles: ['clerk'] as Role[], department })),
    ];
    await this.identity.ensureApiKey({ name: 'demo-integrator', key: DEMO_API_KEY, roles: ['integrator'] });
    await Promise.all(users.map((u) => this.identity.ensureUser({ ...u, password: u.username })));
    this.logger.log(`demo mode: ${users.length} users and the demo API key are ready`);
  }
}
