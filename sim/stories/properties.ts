import { HANG_UP_BY_VALUES } from '../../slices/outcomes';
import type { AgentBrowser } from '../browser';
import { runScenario, type ScenarioResult } from '../run';
import type { Scenario, Step } from '../scenario';
import type { Segment } from '../taskrouter';
import type { World } from '../world';

/**
 * The guarantees that hold for every story, checked without a second copy of outcomes.md: what
 * the plugin may touch, how often it writes, what a segment can hold, and that nothing is left
 * behind. Each check returns the violations it found, worded as a reader of the story needs them.
 */

export interface Observed {
  result: ScenarioResult;
  segments: Array<Omit<Segment, 'reservationSid'>>;
  /** Per reservation: its agent, final status, and the plugin's accepted writes, in order. */
  reservations: Array<{ sid: string; agent: string; call: string; status: string; writes: number }>;
  /** The plugin's writes that TaskRouter accepted (`writeSucceeded`), in order, with their reservation and value. */
  writes: Array<{ seq: number; taskSid: string; reservationSid: string; hangUpBy: string | null }>;
  /** Attribute updates TaskRouter accepted from the plugin, all told. */
  acceptedWrites: number;
  finalAttributes: Record<string, Record<string, unknown>>;
  /** Per agent: records in the slice, and records in the persisted storage, at the end. */
  leftovers: Record<string, { slice: number; storage: number }>;
}

/** The stories run on the in-process engine, whose tabs are AgentBrowsers (their store and storage are readable). */
function inProcess(world: World): AgentBrowser[] {
  return [...world.browsers.values()] as AgentBrowser[];
}

export function persistedRecords(items: Map<string, string>): number {
  let count = 0;
  for (const [key, value] of items) {
    if (!key.startsWith('persist:hangUpBy')) continue;
    try {
      const records = JSON.parse(JSON.parse(value).records ?? '{}');
      count += Object.keys(records ?? {}).length;
    } catch {
      count += 1; // unreadable storage counts as something left behind
    }
  }
  return count;
}

function pluginWrites(world: World): Observed['writes'] {
  const writes: Observed['writes'] = [];
  for (const browser of inProcess(world)) {
    const taskOf = new Map<string, string>();
    const targetOf = new Map<string, string | null>();
    for (const { seq, action } of browser.actions) {
      const { reservationSid } = action.payload ?? {};
      if (action.type === 'hangUpBy/reservationAccepted') taskOf.set(reservationSid, action.payload.taskSid);
      if (action.type === 'hangUpBy/writeStarted') targetOf.set(reservationSid, action.payload.target.hangUpBy);
      if (action.type === 'hangUpBy/writeSucceeded') {
        writes.push({ seq, reservationSid, taskSid: taskOf.get(reservationSid) ?? '?', hangUpBy: targetOf.get(reservationSid) ?? null });
      }
    }
  }
  return writes.sort((a, b) => a.seq - b.seq);
}

function observeWorld(world: World): Omit<Observed, 'result' | 'segments'> {
  const writes = pluginWrites(world);
  const reservations = world.allReservations().map(({ agent, call, reservation }) => ({
    sid: reservation.sid,
    agent,
    call,
    status: reservation.status,
    writes: writes.filter((w) => w.reservationSid === reservation.sid).length,
  }));
  const leftovers: Observed['leftovers'] = {};
  for (const browser of inProcess(world)) {
    const agent = browser.agent;
    const records = browser.store?.getState()?.hangUpBy?.records ?? {};
    leftovers[agent] = { slice: Object.keys(records).length, storage: persistedRecords(browser.storage.items) };
  }
  const finalAttributes: Observed['finalAttributes'] = {};
  for (const [id, call] of world.calls) finalAttributes[id] = world.server.task(call.taskSid).attributes;
  return { writes, acceptedWrites: world.server.acceptedWrites.length, reservations, leftovers, finalAttributes };
}

/**
 * redux-persist writes storage on a real 0 ms interval, which simulated time never runs: wait (in
 * real time, 500 ms at most) until each browser's storage holds what its slice holds.
 */
export async function storageFlushed(world: World): Promise<void> {
  const settled = () =>
    inProcess(world).every(
      (b) => persistedRecords(b.storage.items) === Object.keys(b.store?.getState()?.hangUpBy?.records ?? {}).length,
    );
  for (let waited = 0; waited < 500 && !settled(); waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Plays the story and gathers what the properties look at. */
export async function observe(scenario: Scenario): Promise<Observed> {
  let seen: Omit<Observed, 'result' | 'segments'> | undefined;
  const result = await runScenario(scenario, undefined, {
    observe: async (world) => {
      await storageFlushed(world);
      seen = observeWorld(world);
    },
  });
  if (!seen) throw new Error(`story not played: ${result.failures.join('; ')}`);
  return { result, segments: result.got, ...seen };
}

const VALUES = new Set<string>(HANG_UP_BY_VALUES);

function isSubset(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return actual === expected;
  if (typeof actual !== 'object' || actual === null) return false;
  return Object.entries(expected).every(([key, value]) => isSubset((actual as Record<string, unknown>)[key], value));
}

/** The guarantees of one story on its own. */
export function checkStory(scenario: Scenario, seen: Observed): string[] {
  const problems: string[] = [];
  // The runner's own checks, less the expectations a random story does not have: exceptions in
  // Flex's action pipeline, steps that never finished, writes that changed other keys.
  for (const failure of seen.result.failures) {
    if (!/^expected \d+ segment/.test(failure)) problems.push(failure);
  }
  for (const segment of seen.segments) {
    if (segment.hang_up_by !== null && !VALUES.has(segment.hang_up_by)) {
      problems.push(`segment of ${segment.agent} holds ${JSON.stringify(segment.hang_up_by)}, not a value of outcomes.md`);
    }
  }
  // Only `clear` removes the key. Under `label` a segment lacks a value only when no Studio preset
  // was there and a fault held the write back past the completion.
  const policy = (scenario.config as { transferPolicy?: string } | undefined)?.transferPolicy ?? 'clear';
  const preset = (scenario.initialAttributes?.conversations as Record<string, unknown> | undefined)?.hang_up_by !== undefined;
  const faulty = scenario.steps.some((s) => s.do === 'fault');
  for (const segment of seen.segments) {
    if (segment.hang_up_by === null && policy === 'label' && (preset || !faulty)) {
      problems.push(`segment of ${segment.agent} has no value under the label policy`);
    }
  }
  for (const r of seen.reservations) {
    const accepted = r.status === 'completed' || r.status === 'wrapping' || r.status === 'accepted';
    if (!accepted && r.writes > 0) problems.push(`${r.agent}'s ${r.status} reservation on ${r.call} was written ${r.writes} time(s)`);
    if (r.writes > 2) problems.push(`${r.agent}'s reservation on ${r.call} was written ${r.writes} times`);
    if (r.writes === 2 && !secondWriteAllowed(seen, r.sid)) {
      problems.push(`${r.agent}'s reservation on ${r.call} wrote twice, and no other reservation wrote a different value in between`);
    }
    if (r.status !== 'completed' && accepted) problems.push(`${r.agent}'s reservation on ${r.call} is still ${r.status} at the end`);
  }
  for (const step of scenario.steps.filter((s) => s.do === 'foreignWrite')) {
    const attributes = seen.finalAttributes[String(step.call)];
    if (attributes && !isSubset(attributes, step.attributes)) {
      problems.push(`the foreign write ${JSON.stringify(step.attributes)} on ${step.call} did not survive`);
    }
  }
  if (!faultsExceedRetries(scenario) && seen.result.log.some((line) => /write failed after/.test(line))) {
    problems.push(`a write failed although the faults stopped before the retry limit: ${seen.result.log.find((l) => /write failed after/.test(l))}`);
  }
  if (seen.acceptedWrites < seen.writes.length) {
    problems.push(`the plugin saw ${seen.writes.length} write(s) succeed, TaskRouter accepted ${seen.acceptedWrites}`);
  }
  for (const [agent, left] of Object.entries(seen.leftovers)) {
    if (left.slice > 0 || left.storage > 0) {
      problems.push(`${agent}'s browser still holds ${left.slice} record(s) in the slice and ${left.storage} in storage after every reservation completed`);
    }
  }
  return problems;
}

/** The second write is allowed only after another reservation of the same task wrote a different value. */
function secondWriteAllowed(seen: Observed, sid: string): boolean {
  const [first, second] = seen.writes.filter((w) => w.reservationSid === sid);
  return seen.writes.some(
    (w) => w.seq > first.seq && w.seq < second.seq && w.taskSid === first.taskSid && w.reservationSid !== sid && w.hangUpBy !== first.hangUpBy,
  );
}

/** Whether the faults of the story can outlast the retries of one write (or are never retried). */
function faultsExceedRetries(scenario: Scenario): boolean {
  const faults = scenario.steps.filter((s) => s.do === 'fault');
  const total = faults.reduce((sum, s) => sum + Number(s.times), 0);
  return faults.some((s) => s.kind === '403') || total >= 8;
}

// ── metamorphic relations: a change to the story that must not change what Insights records ──

const value = (segments: Observed['segments']) => segments.map((s) => `${s.agent}:${s.hang_up_by}:${s.destination ?? ''}`);

export function sameSegments(a: Observed['segments'], b: Observed['segments'], rename: (agent: string) => string = (x) => x): string | null {
  const left = value(a.map((s) => ({ ...s, agent: rename(s.agent) })));
  const right = value(b);
  return JSON.stringify(left) === JSON.stringify(right) ? null : `${JSON.stringify(left)} became ${JSON.stringify(right)}`;
}

/** Agents renamed throughout the story. */
export function renameAgents(scenario: Scenario, rename: (agent: string) => string): Scenario {
  const steps = scenario.steps.map((s) => {
    const out: Step = { ...s };
    for (const field of ['agent', 'to'] as const) {
      if (typeof out[field] === 'string' && !String(out[field]).startsWith('+')) out[field] = rename(String(out[field]));
    }
    return out;
  });
  return { ...scenario, steps };
}

/** Steps inserted before the story's closing completions (its last `complete`/`autoComplete` run). */
export function insertBeforeEnd(scenario: Scenario, extra: Step[]): Scenario {
  const steps = [...scenario.steps];
  let at = steps.length;
  while (at > 0 && ['complete', 'autoComplete', 'wait'].includes(steps[at - 1].do)) at -= 1;
  steps.splice(at, 0, ...extra);
  return { ...scenario, steps };
}

/** Steps inserted at a position of the story. */
export function insertAt(scenario: Scenario, position: number, extra: Step[]): Scenario {
  const steps = [...scenario.steps];
  steps.splice(Math.min(position, steps.length), 0, ...extra);
  return { ...scenario, steps };
}

export function withPolicy(scenario: Scenario, transferPolicy: 'clear' | 'label'): Scenario {
  return { ...scenario, config: { ...(scenario.config ?? {}), transferPolicy } };
}

/** `label` and `clear` differ only where a transfer is recorded: Cold or Warm Transfer against no key. */
export function policiesAgree(clear: Observed['segments'], label: Observed['segments']): string | null {
  if (clear.length !== label.length) return `clear recorded ${clear.length} segment(s), label ${label.length}`;
  for (const [i, c] of clear.entries()) {
    const l = label[i];
    const transfer = c.hang_up_by === null && (l.hang_up_by === 'Cold Transfer' || l.hang_up_by === 'Warm Transfer');
    if (c.agent !== l.agent || (c.hang_up_by !== l.hang_up_by && !transfer)) {
      return `segment ${i + 1}: clear ${c.agent}:${c.hang_up_by}, label ${l.agent}:${l.hang_up_by}`;
    }
  }
  return null;
}
