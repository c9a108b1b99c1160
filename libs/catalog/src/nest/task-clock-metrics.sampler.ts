import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addMetricsSampler, type SampledGauges } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import type { ClockStatus } from '../clocks/case-clock';
import { taskClocks } from '../persistence/task-clock.repository';

const STATUSES: ClockStatus[] = ['normal', 'yellow', 'red', 'overdue'];

/**
 * Samples `tongban_tasks_open_by_clock_status` for `/metrics`: the running task clocks counted per
 * department and warning level in one query, a row per group (the commands that end or transfer
 * tasks end or move their clocks, so a scrape reads and holds no clock).
 */
@Injectable()
export class TaskClockMetricsSampler implements OnModuleInit, OnModuleDestroy {
  private remove?: () => void;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.remove = addMetricsSampler((gauges) => this.sample(gauges));
  }

  onModuleDestroy(): void {
    this.remove?.();
  }

  async sample(gauges: SampledGauges): Promise<void> {
    const rows = await taskClocks.runningByLevel(this.dataSource.manager);
    const counts = new Map(rows.map((row) => [`${row.department}\u0000${row.level}`, row.running]));
    gauges.tasksByClockStatus.reset();
    for (const department of new Set(rows.map((row) => row.department))) {
      for (const status of STATUSES) gauges.tasksByClockStatus.set({ department, status }, counts.get(`${department}\u0000${status}`) ?? 0);
    }
  }
}
