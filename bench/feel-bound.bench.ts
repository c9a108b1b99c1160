/**
 * What the FEEL work bound costs ordinary expressions: each expression evaluated through the sandbox
 * (the engine's evaluateFeel, as decision tables get it: null-prototype context, the bound's rewrite and guards where the expression can
 * build or iterate, plain-data result) and through the interpreter alone (feelin's evaluate, no
 * bound), in the same process; prints µs per evaluation and their ratio.
 * Run: `npm run build && node -r ./scripts/register-paths.js dist/bench/feel-bound.bench.js`
 */
import { evaluate } from '@bpmn-io/feelin';
import { sandboxedDmnFeel } from '@tongban/engine';

const feel = sandboxedDmnFeel();

const VARIABLES = { amount: 12_000, fee: 35.5, score: 72, status: 'approved', first: '张', last: '三', items: [3, 1, 2], applicant: { age: 34, city: '杭州' } };

const ORDINARY = [
  'amount > 10000',
  'status = "approved" and score >= 60',
  'applicant.age >= 18',
  'amount + fee * 2',
  'first + " " + last',
  'if score >= 90 then "A" else if score >= 60 then "B" else "C"',
  'count(items) > 2',
  'concatenate(items, [4])',
  'sum(for x in items return x * 2)',
];

function main(): void {
  console.log(`${'expression'.padEnd(64)} ${'bounded'.padStart(10)} ${'unbounded'.padStart(10)}  ratio`);
  const ratios: number[] = [];
  for (const expression of ORDINARY) {
    const bounded = perCall(() => feel.expression(expression, VARIABLES));
    const unbounded = perCall(() => evaluate(expression, { ...VARIABLES }));
    ratios.push(bounded / unbounded);
    console.log(`${expression.padEnd(64)} ${bounded.toFixed(2).padStart(8)}µs ${unbounded.toFixed(2).padStart(8)}µs  ${(bounded / unbounded).toFixed(2)}`);
  }
  const geometric = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
  console.log(`geometric mean ratio bounded / unbounded: ${geometric.toFixed(2)}`);
}

/** Mean µs per call over enough calls to take about half a second, after a warm-up. */
function perCall(run: () => unknown): number {
  for (let i = 0; i < 2_000; i++) run();
  let rounds = 1_000;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) run();
    const micros = Number(process.hrtime.bigint() - start) / 1000;
    if (micros > 500_000) return micros / rounds;
    rounds *= 2;
  }
}

main();
