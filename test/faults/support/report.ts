/**
 * The lines a scenario prints for the runner: `CHECK PASS|FAIL|SKIP <name> :: <figure>`.
 * Everything else a scenario prints is commentary.
 */
export type Outcome = 'PASS' | 'FAIL' | 'SKIP';

export class Report {
  readonly outcomes: Outcome[] = [];
  constructor(readonly scenario: string) {}

  check(name: string, ok: boolean, figure: string): boolean {
    this.emit(ok ? 'PASS' : 'FAIL', name, figure);
    return ok;
  }

  skip(name: string, reason: string): void {
    this.emit('SKIP', name, reason);
  }

  fail(name: string, error: unknown): void {
    this.emit('FAIL', name, error instanceof Error ? error.message : String(error));
  }

  note(text: string): void {
    console.log(`  [${this.scenario}] ${text}`);
  }

  private emit(outcome: Outcome, name: string, figure: string): void {
    this.outcomes.push(outcome);
    console.log(`CHECK ${outcome} ${this.scenario}/${name} :: ${figure.replace(/\s+/g, ' ')}`);
  }
}

/** Runs a scenario's body, turning a thrown error into a FAIL line; exits 1 when anything failed. */
export async function runScenario(name: string, body: (report: Report) => Promise<void>): Promise<void> {
  const report = new Report(name);
  const started = Date.now();
  process.on('unhandledRejection', (error) => {
    report.fail('run', error);
    process.exit(1);
  });
  try {
    await body(report);
  } catch (error) {
    report.fail('run', error);
  }
  report.note(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(report.outcomes.includes('FAIL') ? 1 : 0);
}
