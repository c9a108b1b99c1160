import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CommandHistory } from '../instances/command-executor';
import type { ProcessInstanceEntity } from '../instances/process-instance.entity';

/** What a participant sees of a job completion it takes part in. */
export interface JobCompletionStep {
  /** The completion's transaction: the participant's own rows go here. */
  manager: EntityManager;
  instance: Pick<ProcessInstanceEntity, 'id' | 'definitionId' | 'processKey'>;
  job: { id: string; type: string; elementId: string; key: string };
  /** The completion's history: rows go in its commit statement, with the command's time and actor. */
  history: CommandHistory;
}

/**
 * A package's work that must happen exactly when a job of its type completes (e.g. issuing the
 * certificate of a `tongban.certificate.issue` job): it runs inside the completion's transaction,
 * after the job row is resolved and before the engine; throwing refuses the completion and
 * everything rolls back.
 */
export interface JobCompletionParticipant {
  readonly jobType: string;
  onJobCompleted(step: JobCompletionStep): Promise<void>;
}

/** A job type with two participants: which one owns its completions would be unclear. */
export class DuplicateJobParticipantError extends Error {
  constructor(jobType: string) {
    super(`A participant in completions of job type ${jobType} is registered already`);
  }
}

/** The job completion participants other packages registered (at module init), one per job type. */
@Injectable()
export class JobCompletionParticipants {
  private readonly byType = new Map<string, JobCompletionParticipant>();

  register(participant: JobCompletionParticipant): void {
    if (this.byType.has(participant.jobType)) throw new DuplicateJobParticipantError(participant.jobType);
    this.byType.set(participant.jobType, participant);
  }

  of(jobType: string): JobCompletionParticipant | undefined {
    return this.byType.get(jobType);
  }
}
