import type { Logger } from '../sagas/services';
import { nodeEngine, type Engine, type EngineSession } from './engine';
import type { ExpectedSegment, Scenario, Step } from './scenario';
import { validateScenario } from './scenario';
import { runStep } from './steps';
import type { Segment } from './taskrouter';
import type { World } from './world';

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
  /** Real time the scenario took on its engine. */
  wallMs: number;
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
  /** Where the agents' Flex tabs run: this process (default) or Chromium pages. */
  engine?: Engine;
  /** Called once the contact center exists, before the first step (the soak taps the plugin's actions). */
  onStart?: (world: World) => void;
  /** Called after each step has come to rest (tests look at the pages here). */
  afterStep?: (index: number, step: Step, session: EngineSession) => Promise<void>;
  /** Sees the contact center once everything has settled, before the tabs close (the soak reads per-agent state and storage there). */
  observe?: (world: World) => void | Promise<void>;
}

/** Plays one scenario against the real plugin and checks what Flex Insights would have recorded. */
export async function runScenario(scenario: Scenario, file?: string, options: RunOptions = {}): Promise<ScenarioResult> {
  const started = Date.now();
  const engine = options.engine ?? nodeEngine;
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
    wallMs: 0,
  };
  const problems = validateScenario(scenario);
  if (problems.length > 0) {
    result.failures.push(...problems.map((p) => `invalid scenario: ${p}`));
    return result;
  }

  const session = await engine.start({
    config: scenario.config,
    initialAttributes: scenario.initialAttributes,
    log,
    versionCheck: scenario.taskRouter?.versionCheck,
  });
  const { world } = session;
  options.onStart?.(world);
  try {
    for (const [index, step] of scenario.steps.entries()) {
      try {
        if (step.do === 'wait') await session.runUntil(world.clock.now() + Number(step.ms));
        else await session.drive(runStep(world, step));
        await session.runUntil(world.clock.now());
        await options.afterStep?.(index, step, session);
      } catch (error) {
        result.failures.push(`step ${index + 1} (${step.do}): ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
    }
    // Whatever is still retrying gets an hour of simulated time to land.
    try {
      await session.runUntil(world.clock.now() + 3_600_000);
      await options.observe?.(world);
    } catch (error) {
      result.failures.push(`after the last step: ${error instanceof Error ? error.message : String(error)}`);
    }
  } finally {
    await session.end();
  }

  result.simulatedMs = world.clock.now();
  result.got = world.server.segments.map(({ reservationSid: _sid, ...segment }) => segment);
  result.writes.got = world.server.acceptedWrites.length;
  check(scenario, world, result);
  result.passed = result.failures.length === 0;
  result.wallMs = Date.now() - started;
  return result;
}

/** How the segments Insights recorded differ from the expected ones (none: they match). */
export function segmentFailures(expected: ExpectedSegment[], got: Array<Omit<Segment, 'reservationSid'>>): string[] {
  const failures: string[] = [];
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
  return failures;
}

function check(scenario: Scenario, world: World, result: ScenarioResult): void {
  const { expected, got, failures } = result;
  failures.push(...segmentFailures(expected, got));
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
