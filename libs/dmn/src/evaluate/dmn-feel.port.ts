/** The outcome of one FEEL evaluation: a plain JSON value, or why it failed. */
export type DmnFeelResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * The FEEL interpreter a decision is evaluated with. libs/dmn stays free of any one evaluator; the
 * engine passes its sandboxed, work-bounded one so that no table can run unbounded.
 */
export interface DmnFeel {
  /** The value of a FEEL expression over the variables. */
  expression(text: string, variables: Record<string, unknown>): DmnFeelResult;
  /** Whether the input value satisfies FEEL unary tests (`-`, `"a","b"`, `[1..10]`, `>= 18`, `not("x")`, `? > 3`). */
  unaryTest(text: string, input: unknown, variables: Record<string, unknown>): DmnFeelResult;
}
