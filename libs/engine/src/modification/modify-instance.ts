import { EngineError } from '../engine.errors';
import type { ModificationInstruction, Variables } from '../engine.types';
import type { Run } from '../execution/run';
import { activateBefore } from './activate-before';
import { cancelAllOf, cancelInstance, endEmptiedScopes } from './cancel-instances';
import { addInstances, removeInstance } from './multi-instance-change';
import { resetJoins } from './reset-joins';

/**
 * Process instance modification: applies the instructions in order on the command's working copy,
 * then ends the scopes the cancellations left empty; the caller drains the queued activations.
 * Any refused instruction throws, so the caller's state stays as it was (all or nothing). Each
 * instruction is recorded as an `instance.modified` history effect before its own effects.
 */
export function modifyInstance(run: Run, instructions: ModificationInstruction[]): void {
  if (!Array.isArray(instructions) || instructions.length === 0) {
    throw new EngineError('MODIFICATION_REFUSED', 'a modification needs at least one instruction');
  }
  const emptied = new Set<string>();
  instructions.forEach((instruction, index) => applyInstruction(run, instruction, index, emptied));
  endEmptiedScopes(run, emptied);
  dropStalls(run);
}

/** A modification changes what can wake the instance: STALLED incidents are withdrawn, and the stall check after the command raises them again where still true. */
function dropStalls(run: Run): void {
  for (const incident of Object.values(run.state.incidents)) {
    if (incident.type !== 'STALLED') continue;
    const retry = run.state.retries[incident.key];
    const ei = retry ? run.state.els[retry.ei] : undefined;
    if (ei) run.dropIncident(incident.key, ei);
  }
}

function applyInstruction(run: Run, instruction: ModificationInstruction, index: number, emptied: Set<string>): void {
  try {
    if (run.state.status !== 'active') throw new EngineError('INSTANCE_NOT_ACTIVE', `the instance has ended (${run.state.status})`);
    checkShape(instruction);
    run.history('instance.modified', targetOf(run, instruction), keyOf(instruction), { instruction: JSON.parse(JSON.stringify(instruction)) as Variables });
    if ('activateBefore' in instruction) activateBefore(run, instruction.activateBefore, instruction.variables, instruction.ancestorKey);
    else if ('cancel' in instruction) cancelInstance(run, instruction.cancel, emptied);
    else if ('cancelAll' in instruction) cancelAllOf(run, instruction.cancelAll, emptied);
    else if ('addInstances' in instruction) addInstances(run, instruction.addInstances, instruction.elements, instruction.count);
    else if ('removeInstance' in instruction) removeInstance(run, instruction.removeInstance);
    else resetJoins(run, instruction.resetJoins);
  } catch (error) {
    if (error instanceof EngineError) throw new EngineError(error.code, `instruction ${index + 1}: ${error.message}`);
    throw error;
  }
}

/** Ids and keys are texts, elements a list, count a number, variables an object: what JSON from outside may get wrong. */
function checkShape(instruction: ModificationInstruction): void {
  const refuse = (why: string): never => {
    throw new EngineError('MODIFICATION_REFUSED', why);
  };
  if (instruction === null || typeof instruction !== 'object' || Array.isArray(instruction)) refuse('an instruction must be an object');
  const named = ['activateBefore', 'cancel', 'cancelAll', 'addInstances', 'removeInstance', 'resetJoins'].filter((name) => name in instruction);
  if (named.length !== 1) refuse(`an instruction names exactly one of activateBefore, cancel, cancelAll, addInstances, removeInstance, resetJoins (got ${named.join(', ') || 'none'})`);
  const fields = instruction as Record<string, unknown>;
  if (typeof fields[named[0]] !== 'string' || fields[named[0]] === '') refuse(`${named[0]} must be a non-empty text`);
  if (fields.ancestorKey !== undefined && typeof fields.ancestorKey !== 'string') refuse('ancestorKey must be a text');
  if (fields.variables !== undefined && (fields.variables === null || typeof fields.variables !== 'object' || Array.isArray(fields.variables))) refuse('variables must be an object');
  if (fields.elements !== undefined && !Array.isArray(fields.elements)) refuse('elements must be a list');
  if (fields.count !== undefined && typeof fields.count !== 'number') refuse('count must be a number');
}

/** The element an instruction is about, for its history record. */
function targetOf(run: Run, instruction: ModificationInstruction): string {
  if (instruction === null || typeof instruction !== 'object') return run.model.id;
  if ('activateBefore' in instruction) return instruction.activateBefore;
  if ('cancelAll' in instruction) return instruction.cancelAll;
  const key = keyOf(instruction);
  return (key && run.state.els[key]?.el) || run.model.id;
}

/** The element instance key an instruction names, if any. */
function keyOf(instruction: ModificationInstruction): string | undefined {
  if (instruction === null || typeof instruction !== 'object') return undefined;
  if ('cancel' in instruction) return instruction.cancel;
  if ('addInstances' in instruction) return instruction.addInstances;
  if ('removeInstance' in instruction) return instruction.removeInstance;
  if ('resetJoins' in instruction) return instruction.resetJoins;
  return undefined;
}
