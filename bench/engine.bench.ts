/**
 * Benchmark of the pure engine core against the `bpmn-engine` npm package, in one process on one core.
 * Both run the same five-department parallel bundle: start → exclusive gateway (condition on a
 * variable) → parallel fork → five user tasks → join → end; every instance is started and its five
 * tasks completed. Prints instances per second for each, the state size of a waiting instance, the
 * core's rate when the state is serialised and re-parsed after every step, and last the ratio.
 *
 *   npm run build && node -r ./scripts/register-paths.js dist/bench/engine.bench.js
 */
import { EventEmitter } from 'events';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import { compileBpmn, type ProcessModel } from '@tongban/bpmn';
import { engine, type InstanceState } from '@tongban/engine';

const DEPARTMENTS = ['market', 'tax', 'socialSecurity', 'housingFund', 'publicSecurity'];
const WARM_UP_MS = 1500;
const RUN_MS = 4000;

/**
 * The bundle in BPMN. The core evaluates a FEEL comparison; bpmn-engine gets its cheapest condition,
 * a `${…}` property lookup of a boolean variable (its JavaScript conditions are about twice as slow).
 */
function bundleXml(condition: string): string {
  const tasks = DEPARTMENTS.map((d) => `<userTask id="${d}" />`).join('');
  const flows = DEPARTMENTS.map(
    (d) => `<sequenceFlow id="in_${d}" sourceRef="fork" targetRef="${d}" /><sequenceFlow id="out_${d}" sourceRef="${d}" targetRef="join" />`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://tongban.dev/bench">
  <process id="bundle" isExecutable="true">
    <startEvent id="start" />
    <exclusiveGateway id="route" default="toCounter" />
    <parallelGateway id="fork" />
    ${tasks}
    <parallelGateway id="join" />
    <endEvent id="end" />
    <endEvent id="counter" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="route" />
    <sequenceFlow id="toFork" sourceRef="route" targetRef="fork">${condition}</sequenceFlow>
    <sequenceFlow id="toCounter" sourceRef="route" targetRef="counter" />
    ${flows}
    <sequenceFlow id="f9" sourceRef="join" targetRef="end" />
  </process>
</definitions>`;
}

const FEEL_CONDITION = '<conditionExpression xsi:type="tFormalExpression">= applicantType = "company"</conditionExpression>';
const LOOKUP_CONDITION = '<conditionExpression xsi:type="tFormalExpression">${environment.variables.isCompany}</conditionExpression>';
const VARIABLES = { applicantType: 'company', isCompany: true, applicant: { name: 'ACME Ltd', creditCode: '91330100MA2XXXXX1X' } };

/** Runs `one` repeatedly for `ms` after a warm-up; instances per second. */
async function measure(one: () => void | Promise<void>): Promise<number> {
  for (let start = Date.now(); Date.now() - start < WARM_UP_MS; ) await one();
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(RUN_MS) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 50; i++) await one();
    count += 50;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

/** One instance on the core: start, then complete the five tasks; optionally through JSON after every step. */
function runCore(model: ProcessModel, reload: boolean): InstanceState {
  const ctx = { now: 1_767_225_600_000 };
  const started = engine.start(model, { type: 'start', variables: VARIABLES }, ctx);
  const effects = started.effects;
  let state = started.state;
  if (reload) state = JSON.parse(JSON.stringify(state)) as InstanceState;
  const keys = effects.filter((e) => e.type === 'task.created').map((e) => (e as { key: string }).key);
  if (keys.length !== DEPARTMENTS.length) throw new Error('the core did not open five tasks');
  for (const key of keys) {
    state = engine.execute(model, state, { type: 'completeTask', key, variables: { approved: true } }, ctx).state;
    if (reload) state = JSON.parse(JSON.stringify(state)) as InstanceState;
  }
  if (state.status !== 'completed') throw new Error('the core did not complete the instance');
  return state;
}

async function main(): Promise<void> {
  const model = (await compileBpmn(bundleXml(FEEL_CONDITION))).processes[0];

  const waiting = engine.start(model, { type: 'start', variables: VARIABLES }, { now: 0 }).state;
  const stateBytes = Buffer.byteLength(JSON.stringify(waiting));

  const core = await measure(() => {
    runCore(model, false);
  });
  const coreReloaded = await measure(() => {
    runCore(model, true);
  });

  const source = bundleXml(LOOKUP_CONDITION);
  const prototype = new Engine({ source }) as unknown as {
    _getModdleContext(source: string): Promise<unknown>;
    _serializeModdleContext(context: unknown): BpmnEngineOptions['sourceContext'];
  };
  const sourceContext = prototype._serializeModdleContext(await prototype._getModdleContext(source));
  let signalled = 0;
  const listener = new EventEmitter();
  listener.on('activity.wait', (api: { signal(message: object): void }) => {
    signalled++;
    api.signal({ approved: true });
  });
  const other = await measure(async () => {
    signalled = 0;
    const instance = new Engine({ name: 'bundle', sourceContext, variables: VARIABLES });
    const ended = instance.waitFor('end');
    await instance.execute({ listener });
    await ended;
    if (signalled !== DEPARTMENTS.length) throw new Error('bpmn-engine did not wait at five tasks');
  });

  console.log(`Tongban engine core: ${core.toFixed(0)} instances/s`);
  console.log(`bpmn-engine: ${other.toFixed(1)} instances/s`);
  console.log(`state size per waiting instance (5 tasks open): ${stateBytes} bytes`);
  console.log(`Tongban engine core, state JSON round trip after every step: ${coreReloaded.toFixed(0)} instances/s`);
  console.log(`engine core vs bpmn-engine: ${(core / other).toFixed(1)}×`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
