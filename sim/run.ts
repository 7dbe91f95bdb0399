import type { Logger } from '../sagas/services';
import { createActionHandler } from './actions';
import { settle } from './clock';
import { setActionHandler } from './flexHost';
import type { ExpectedSegment, Scenario, Step } from './scenario';
import { validateScenario } from './scenario';
import { runStep } from './steps';
import type { Segment } from './taskrouter';
import { World } from './world';

export interface ScenarioResult {
  name: string;
  file?: string;
  passed: boolean;
  expected: ExpectedSegment[];
  got: Array<Omit<Segment, 'reservationSid'>>;
  writes: { expected?: number; got: number };
  failures: string[];
  log: string[];
  simulatedMs: number;
}

/** Runs `promise` to the end, moving simulated time forward whenever nothing else can happen. */
export async function drive(world: World, promise: Promise<unknown>): Promise<void> {
  let done = false;
  let failure: unknown;
  promise.then(
    () => (done = true),
    (error) => {
      done = true;
      failure = error ?? new Error('rejected');
    },
  );
  for (;;) {
    await settle();
    if (done) break;
    if (!world.clock.fireNext()) {
      await settle(6);
      if (done) break;
      throw new Error('the step never finished and nothing is scheduled');
    }
  }
  if (failure) throw failure;
}

/** Lets everything due by `until` happen, in time order. */
export async function runUntil(world: World, until: number): Promise<void> {
  await settle();
  while (world.clock.fireNext(until)) await settle();
  world.clock.moveTo(until);
  await settle();
}

function matches(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return actual === expected;
  if (typeof actual !== 'object' || actual === null) return false;
  if (Array.isArray(expected)) return JSON.stringify(actual) === JSON.stringify(expected);
  return Object.entries(expected).every(([key, value]) => matches((actual as Record<string, unknown>)[key], value));
}

function withoutOurKeys(attributes: Record<string, any>): string {
  const copy = JSON.parse(JSON.stringify(attributes ?? {}));
  if (copy.conversations && typeof copy.conversations === 'object') {
    delete copy.conversations.hang_up_by;
    delete copy.conversations.destination;
    if (Object.keys(copy.conversations).length === 0) delete copy.conversations;
  }
  return JSON.stringify(copy, Object.keys(flatten(copy)).sort());
}

function flatten(value: any, out: Record<string, true> = {}): Record<string, true> {
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out[key] = true;
      flatten(inner, out);
    }
  }
  return out;
}

const show = (value: string | null | undefined) => (value === null || value === undefined ? 'null' : JSON.stringify(value));

export interface RunOptions {
  /** Called once the contact center exists, before the first step. */
  onStart?: (world: World) => void;
  /** Called after each step has come to rest (the soak samples memory and time here). */
  afterStep?: (index: number, step: Step, world: World) => void | Promise<void>;
  /** Called once everything has settled, before the browsers are torn down (properties look here). */
  beforeEnd?: (world: World) => void | Promise<void>;
}

/** Plays one scenario against the real plugin and checks what Flex Insights would have recorded. */
export async function runScenario(scenario: Scenario, file?: string, options: RunOptions = {}): Promise<ScenarioResult> {
  const lines: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: (m) => lines.push(`info  ${m}`),
    warn: (m, ...d) => lines.push(`warn  ${m}${d.length ? ` ${JSON.stringify(d)}` : ''}`),
    error: (m, ...d) => lines.push(`error ${m}${d.length ? ` ${JSON.stringify(d)}` : ''}`),
  };
  const result: ScenarioResult = {
    name: scenario?.name ?? file ?? 'unnamed',
    file,
    passed: false,
    expected: scenario?.expect?.segments ?? [],
    got: [],
    writes: { expected: scenario?.expect?.writes, got: 0 },
    failures: [],
    log: lines,
    simulatedMs: 0,
  };
  const problems = validateScenario(scenario);
  if (problems.length > 0) {
    result.failures.push(...problems.map((p) => `invalid scenario: ${p}`));
    return result;
  }

  const world = new World({
    config: scenario.config,
    initialAttributes: scenario.initialAttributes,
    log,
    versionCheck: scenario.taskRouter?.versionCheck,
  });
  setActionHandler(createActionHandler(world));
  options.onStart?.(world);
  try {
    for (const [index, step] of scenario.steps.entries()) {
      try {
        if (step.do === 'wait') await runUntil(world, world.clock.now() + Number(step.ms));
        else await drive(world, runStep(world, step));
        await runUntil(world, world.clock.now());
        await options.afterStep?.(index, step, world);
      } catch (error) {
        result.failures.push(`step ${index + 1} (${step.do}): ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
    }
    // Whatever is still retrying gets an hour of simulated time to land.
    await runUntil(world, world.clock.now() + 3_600_000);
    await options.beforeEnd?.(world);
  } finally {
    for (const browser of world.browsers.values()) browser.installation?.uninstall();
    setActionHandler(null);
  }

  result.simulatedMs = world.clock.now();
  result.got = world.server.segments.map(({ reservationSid: _sid, ...segment }) => segment);
  result.writes.got = world.server.acceptedWrites.length;
  check(scenario, world, result);
  result.passed = result.failures.length === 0;
  return result;
}

function check(scenario: Scenario, world: World, result: ScenarioResult): void {
  const { expected, got, failures } = result;
  if (expected.length !== got.length) {
    failures.push(`expected ${expected.length} segment(s), got ${got.length}`);
  }
  expected.forEach((want, i) => {
    const have = got[i];
    if (!have) return;
    const label = `segment ${i + 1}`;
    if (want.agent !== have.agent) failures.push(`${label}: expected agent ${want.agent}, got ${have.agent}`);
    if ((want.hang_up_by ?? null) !== have.hang_up_by) {
      failures.push(`${label} (${have.agent}): expected hang_up_by ${show(want.hang_up_by)}, got ${show(have.hang_up_by)}`);
    }
    if (want.destination !== undefined && want.destination !== have.destination) {
      failures.push(`${label} (${have.agent}): expected destination ${show(want.destination)}, got ${show(have.destination)}`);
    }
  });
  if (scenario.expect.writes !== undefined && scenario.expect.writes !== result.writes.got) {
    failures.push(`expected ${scenario.expect.writes} write(s), got ${result.writes.got}`);
  }
  if (scenario.expect.attributes) {
    const finals = [...world.calls.values()].map((c) => world.server.task(c.taskSid).attributes);
    if (!finals.some((attributes) => matches(attributes, scenario.expect.attributes))) {
      failures.push(`final attributes ${JSON.stringify(finals.length === 1 ? finals[0] : finals)} do not contain ${JSON.stringify(scenario.expect.attributes)}`);
    }
  }
  for (const error of world.pipeline.errors) failures.push(`exception reached Flex's action pipeline: ${error}`);
  const overwrites = world.server.acceptedWrites.filter((write) => withoutOurKeys(write.before) !== withoutOurKeys(write.after));
  if (overwrites.length !== (scenario.expect.overwrites ?? 0)) {
    world.server.acceptedWrites.forEach((write, i) => {
      if (withoutOurKeys(write.before) !== withoutOurKeys(write.after)) {
        failures.push(`write ${i + 1} changed attributes other than conversations.hang_up_by/destination: ${JSON.stringify(write.before)} → ${JSON.stringify(write.after)}`);
      }
    });
    if (scenario.expect.overwrites) failures.push(`expected ${scenario.expect.overwrites} write(s) over other keys, got ${overwrites.length}`);
  }
}
