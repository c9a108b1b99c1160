import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { regionContext, type RegionLineage } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { RegionTree, type Region } from './region';

/** How long a process trusts its copy of the region tree; a region unknown to the copy reloads it. */
const TREE_TTL_MS = 30_000;

/** The lineage of regions read from the `region` table, for packages that must not read it themselves. */
@Injectable()
export class RegionLineageService implements RegionLineage {
  private tree?: { value: RegionTree; until: number };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ancestors(code: string): Promise<string[]> {
    let tree = await this.current();
    if (!tree.get(code)) tree = await this.current(true);
    return tree.ancestors(code);
  }

  private async current(fresh = false): Promise<RegionTree> {
    if (!fresh && this.tree && this.tree.until > Date.now()) return this.tree.value;
    const rows: Region[] = await regionContext.runAsSystem(() => this.dataSource.query(`SELECT code, name, parent, level FROM region`));
    this.tree = { value: new RegionTree(rows), until: Date.now() + TREE_TTL_MS };
    return this.tree.value;
  }
}
