import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addMetricsSampler, caseReads, type SampledGauges } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import type { ClockStatus } from '../clocks/case-clock';
import { taskClocks } from '../persistence/task-clock.repository';
import { TaskClockService } from './task-clock.service';

const STATUSES: ClockStatus[] = ['normal', 'yellow', 'red', 'overdue'];

/**
 * Samples `tongban_tasks_open_by_clock_status` for `/metrics`: the open task clocks grouped by
 * department and warning level in one query, less those whose task has ended since (read by id from
 * the runtime, then ended here so the next scrape reads fewer rows).
 */
@Injectable()
export class TaskClockMetricsSampler implements OnModuleInit, OnModuleDestroy {
  private remove?: () => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clocks: TaskClockService,
  ) {}

  onModuleInit(): void {
    this.remove = addMetricsSampler((gauges) => this.sample(gauges));
  }

  onModuleDestroy(): void {
    this.remove?.();
  }

  async sample(gauges: SampledGauges): Promise<void> {
    const rows = await taskClocks.openLevels(this.dataSource.manager);
    const tasks = new Map((await caseReads.tasks(this.dataSource.manager, rows.map((r) => r.task_id))).map((t) => [t.id, t]));
    const counts = new Map<string, number>();
    const ended: string[] = [];
    for (const row of rows) {
      const task = tasks.get(row.task_id);
      if (!task || task.ended_at) {
        ended.push(row.task_id);
        continue;
      }
      const key = `${task.department ?? row.department ?? ''}\u0000${row.level}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    gauges.tasksByClockStatus.reset();
    const departments = new Set([...counts.keys()].map((k) => k.split('\u0000')[0]));
    for (const department of departments) {
      for (const status of STATUSES) gauges.tasksByClockStatus.set({ department, status }, counts.get(`${department}\u0000${status}`) ?? 0);
    }
    if (ended.length > 0) await this.clocks.reconcileEnded(ended);
  }
}
