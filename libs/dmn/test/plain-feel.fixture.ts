import { evaluate, unaryTest } from '@bpmn-io/feelin';
import type { DmnFeelResult } from '../src';

/** feelin without the engine's sandbox: enough for the unit tests of libs/dmn. */
export function evaluateFeel(text: string, variables: Record<string, unknown>): DmnFeelResult {
  try {
    return { ok: true, value: evaluate(text, variables).value ?? null };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** feelin's unary tests with `?` bound to the input. */
export function evaluateUnaryTests(text: string, input: unknown, variables: Record<string, unknown>): DmnFeelResult {
  try {
    return { ok: true, value: unaryTest(text, { ...variables, '?': input }).value };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
