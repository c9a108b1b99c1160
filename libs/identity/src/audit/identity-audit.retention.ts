import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { DataSource } from 'typeorm';

/** How often the audit log is trimmed: its retention is counted in days. */
const TRIM_INTERVAL_MS = 6 * 3600 * 1000;

/**
 * Retention of the append-only audit log (`TONGBAN_AUDIT_RETENTION_DAYS`, default 365, at least
 * 180): rows older than that are deleted through the database function `trim_identity_audit`, the
 * only way the application role can delete any, and which refuses to keep fewer than 180 days.
 * Runs at start and every six hours in every api; idempotent.
 */
@Injectable()
export class IdentityAuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdentityAuditRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.trimQuietly(), TRIM_INTERVAL_MS);
    this.timer.unref();
    void this.trimQuietly();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes the audit rows older than the retention; returns how many. */
  async trim(days = this.config.auditRetentionDays): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT trim_identity_audit($1) AS deleted`, [days])) as Array<{ deleted: number }>;
    return row.deleted;
  }

  private async trimQuietly(): Promise<void> {
    try {
      const deleted = await this.trim();
      if (deleted > 0) this.logger.log(`audit log: ${deleted} rows older than ${this.config.auditRetentionDays} days deleted`);
    } catch (error) {
      this.logger.warn(`audit log retention: ${(error as Error).message}`);
    }
  }
}
