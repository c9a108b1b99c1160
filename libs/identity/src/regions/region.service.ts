import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, regionContext, type RegionScope } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { IdentityAuditService } from '../audit/identity-audit.service';
import type { Principal } from '../principal';
import { REGION_LEVELS, RegionTree, type Region, type RegionLevel } from './region';

/** How long a process trusts its copy of the region tree before reading it again. */
const TREE_TTL_MS = 30_000;

/** Roles that see the regions below their own: admins manage them, supervisors watch them. */
const SUBTREE_ROLES = ['admin', 'supervisor'];

/**
 * The regions (`region`, a global table: no row-level security) and the scope each caller acts in:
 * its own region, plus the regions below for admins and supervisors, inheriting the catalogue of the
 * regions above.
 */
@Injectable()
export class RegionService {
  private tree?: { value: RegionTree; until: number };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: IdentityAuditService,
  ) {}

  /** The scope of an authenticated caller, read from the (cached) tree; a region unknown here reloads it once. */
  async scopeOf(principal: Pick<Principal, 'region' | 'roles'>): Promise<RegionScope> {
    let tree = await this.currentTree();
    if (!tree.get(principal.region)) tree = await this.currentTree(true);
    if (!tree.get(principal.region)) throw new DomainError('UNAUTHENTICATED', `The caller's region ${principal.region} does not exist`);
    const regions = principal.roles.some((role) => SUBTREE_ROLES.includes(role)) ? tree.subtree(principal.region) : [principal.region];
    return { home: principal.region, regions, inherited: tree.ancestors(principal.region) };
  }

  /** The regions a caller reads: its scope's regions and, for the inherited catalogue, those above. */
  async list(principal: Principal): Promise<Region[]> {
    const tree = await this.currentTree(true);
    const scope = await this.scopeOf(principal);
    const visible = new Set([...scope.inherited, ...(scope.regions === 'all' ? tree.all().map((r) => r.code) : scope.regions)]);
    return tree.all().filter((r) => visible.has(r.code)).sort((a, b) => a.code.localeCompare(b.code));
  }

  async get(code: string, principal: Principal): Promise<Region> {
    const found = (await this.list(principal)).find((r) => r.code === code);
    if (!found) throw new NotFoundError('Region', code);
    return found;
  }

  /**
   * Creates a region below one the admin manages (a platform admin, of the root, below any).
   * ONE transaction: 1. the region row (409 when the code is taken); 2. the audit entry.
   * Refusals: 404 for a parent the admin does not see, 403 for one it does not manage, 400 for a
   * level that is not below the parent's.
   */
  async create(input: { code: string; name: string; parent: string; level: RegionLevel }, actor: Principal, ip: string | null): Promise<Region> {
    const tree = await this.currentTree(true);
    const scope = await this.scopeOf(actor);
    const parent = tree.get(input.parent);
    if (!parent || (scope.regions !== 'all' && !scope.regions.includes(parent.code) && !scope.inherited.includes(parent.code))) throw new NotFoundError('Region', input.parent);
    if (scope.regions !== 'all' && !scope.regions.includes(parent.code)) throw new ForbiddenError(`Regions below ${parent.code} are created by its own admins`);
    if (REGION_LEVELS.indexOf(input.level) <= REGION_LEVELS.indexOf(parent.level)) {
      throw new DomainError('VALIDATION_FAILED', `A ${input.level} cannot be below the ${parent.level} ${parent.code}`, { field: 'level' });
    }
    const region = await this.dataSource.transaction(async (manager) => {
      const inserted: Region[] = await manager.query(
        `INSERT INTO region (code, name, parent, level) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING code, name, parent, level`,
        [input.code, input.name, input.parent, input.level]);
      if (inserted.length === 0) throw new ConflictError(`A region with code ${input.code} exists already`, { code: input.code });
      await this.audit.record({ actor: actor.name, action: 'region.created', target: `region:${input.code}`, ip, details: { name: input.name, parent: input.parent, level: input.level } }, manager);
      return inserted[0];
    });
    this.tree = undefined;
    return region;
  }

  /** Creates the region when missing (start-up seeding); an existing one is left as it is. */
  async ensure(region: Region): Promise<void> {
    await this.dataSource.query(`INSERT INTO region (code, name, parent, level) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [region.code, region.name, region.parent, region.level]);
    this.tree = undefined;
  }

  /** Refuses a region the caller does not manage (404 when it does not even see it): where its admins may put users and departments. */
  async assertManaged(code: string, actor: Principal): Promise<void> {
    const scope = await this.scopeOf(actor);
    if (scope.regions === 'all' || scope.regions.includes(code)) return;
    throw new DomainError('VALIDATION_FAILED', `Unknown region "${code}"`, { field: 'region', region: code });
  }

  /**
   * Runs `fn` writing in `code`, a region the actor manages (400 naming it otherwise), still reading
   * in the actor's scope; in the actor's own region when `code` is absent.
   */
  async writingIn<T>(code: string | undefined, actor: Principal, fn: () => Promise<T>): Promise<T> {
    if (code === undefined || code === actor.region) return fn();
    await this.assertManaged(code, actor);
    return regionContext.run({ ...(regionContext.current() ?? (await this.scopeOf(actor))), home: code }, fn);
  }

  private async currentTree(fresh = false): Promise<RegionTree> {
    if (!fresh && this.tree && this.tree.until > Date.now()) return this.tree.value;
    const rows: Region[] = await regionContext.runAsSystem(() => this.dataSource.query(`SELECT code, name, parent, level FROM region`));
    this.tree = { value: new RegionTree(rows), until: Date.now() + TREE_TTL_MS };
    return this.tree.value;
  }
}
