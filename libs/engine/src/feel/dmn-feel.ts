import type { DmnFeel } from '@tongban/dmn';
import { evaluateFeel, evaluateUnaryTests } from './sandboxed-feel';

/** The engine's sandboxed, work-bounded FEEL as the interpreter of decision tables; `now` fixes the FEEL clock. */
export function sandboxedDmnFeel(now?: number): DmnFeel {
  return {
    expression: (text, variables) => evaluateFeel(text, variables, now),
    unaryTest: (text, input, variables) => evaluateUnaryTests(text, input, variables, now),
  };
}
