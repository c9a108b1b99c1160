import { DomainError, ForbiddenError } from '@tongban/kernel';
import type { OperationRefusal } from './task-operation-rules';

/** The error a refused task operation throws: 403 FORBIDDEN, or 409 with the refusal's code. */
export function operationRefused(refusal: OperationRefusal, taskId: string): DomainError {
  if (refusal.status === 403) return new ForbiddenError(`Task ${taskId}: ${refusal.reason}`);
  return new DomainError(refusal.code, `Task ${taskId}: ${refusal.reason}`, { taskId });
}
