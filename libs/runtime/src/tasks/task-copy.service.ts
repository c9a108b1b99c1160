import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ForbiddenError, NotFoundError, type Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import type { Page } from '../definitions/definition.service';
import { taskCopies, type TaskCcRow } from '../persistence/task-cc.repository';

export type { TaskCcRow } from '../persistence/task-cc.repository';

/** The caller's read-only copies of tasks (抄送): the list, and marking one read. */
@Injectable()
export class TaskCopyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(actor: Actor, unread: boolean, offset: number, limit: number): Promise<Page<TaskCcRow>> {
    return taskCopies.page(this.dataSource.manager, actor.name, unread, offset, limit).then(({ rows, total }) => ({ items: rows, total }));
  }

  /** 404 for a missing copy, 403 for another user's; marking it again keeps the first time. */
  async markRead(id: string, actor: Actor): Promise<TaskCcRow> {
    const copy = await taskCopies.read(this.dataSource.manager, id);
    if (!copy) throw new NotFoundError('Copy', id);
    if (copy.recipient !== actor.name) throw new ForbiddenError(`Copy ${id} is not ${actor.name}'s`);
    return { ...copy, readAt: await taskCopies.markRead(this.dataSource.manager, id, this.clock.now()) };
  }
}
