import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { regionContext, type RegionLineage } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { RegionTree, type Region } from './region';

/** How long a process trusts its copy of the region tree; a region unknown to the copy reloads it. */
const TREE_TTL_MS = 30_000;

/** The lineage of regions read from the `region` table, for packages that must not read it themselves. */
@Injectable()
export class RegionLineageService implements RegionLineage, OnApplicationBootstrap {
  private readonly logger = new Logger(RegionLineageService.name);
  private tree?: { value: RegionTree; until: number };
  private reading?: Promise<RegionTree>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.read();
  }

  /**
   * The ancestors of a region, nearest first. Asked inside transactions that already hold a
   * connection: the copy is read at start and, once older than its time to live, read again in the
   * background while the old copy still answers; only a region the copy does not know yet (created
   * by another process moments ago) waits for a read.
   */
  async ancestors(code: string): Promise<string[]> {
    let tree = this.tree ? this.tree.value : await this.read();
    if (this.tree && this.tree.until <= Date.now()) void this.read().catch((error: Error) => this.logger.warn(`reading the regions again: ${error.message}`));
    if (!tree.get(code)) tree = await this.read();
    return tree.ancestors(code);
  }

  /** Reads the region tree into this process's copy (one read at a time). */
  private read(): Promise<RegionTree> {
    this.reading ??= regionContext.runAsSystem(() => this.dataSource.query(`SELECT code, name, parent, level FROM region`))
      .then((rows: Region[]) => {
        this.tree = { value: new RegionTree(rows), until: Date.now() + TREE_TTL_MS };
        return this.tree.value;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}
