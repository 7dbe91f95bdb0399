import type { Scenario, Step } from '../scenario';
import type { Segment } from '../taskrouter';
import { StoryModel } from './model';
import type { Picker } from './kinds';

/**
 * Metamorphic relations: changes to a story that must not change what Insights records. Each
 * makes a variant of a story; `compare…` says how the variant's segments may differ (mostly not
 * at all). None of them needs to know what the right value was.
 *
 * Inserted faults, reloads and foreign writes are played on a "spaced" story (every step followed
 * by five seconds): a fault delays a write by under a second, and in a story whose steps come at
 * the same instant that delay can legitimately move a write past a snapshot.
 */

export const SPACING_MS = 5000;

/** Every step followed by a few seconds, as steps of a real call are. */
export function spaced(scenario: Scenario): Scenario {
  return { ...scenario, steps: scenario.steps.flatMap((step) => [step, { do: 'wait', ms: SPACING_MS }]) };
}

const agentsOf = (scenario: Scenario): string[] => [
  ...new Set(scenario.steps.flatMap((s) => [s.agent, s.to]).filter((a): a is string => typeof a === 'string' && !a.startsWith('+'))),
];

function insertAt(scenario: Scenario, index: number, step: Step): Scenario {
  const steps = [...scenario.steps];
  steps.splice(index, 0, step);
  return { ...scenario, steps };
}

/** The model after each step: where a step can go without making the story unplayable. */
function statesAfterEachStep(scenario: Scenario): Array<{ index: number; model: StoryModel }> {
  const model = new StoryModel(agentsOf(scenario));
  const states: Array<{ index: number; model: StoryModel }> = [];
  scenario.steps.forEach((step, index) => {
    model.apply(step);
    // Snapshot what the variants need (the model mutates in place).
    const copy = new StoryModel(model.agents);
    copy.calls.push(...model.calls.map((c) => ({ ...c })));
    copy.reservations.push(...model.reservations.map((r) => ({ ...r })));
    for (const agent of model.closedTabs) copy.closedTabs.add(agent);
    states.push({ index: index + 1, model: copy });
  });
  return states;
}

/** Whether the story's faults can make a write fail for good (a 403, or as many as the retry limit). */
function faultsCanFailAWrite(scenario: Scenario): boolean {
  const maxAttempts = ((scenario.config ?? {}) as { retry?: { maxAttempts?: number } }).retry?.maxAttempts ?? 8;
  const faults = scenario.steps.filter((s) => s.do === 'fault');
  return faults.some((s) => s.kind === '403') || faults.reduce((sum, s) => sum + Number(s.times), 0) >= maxAttempts;
}

/**
 * Whether TaskRouter completes (`autoComplete`) a reservation of a call with an internal transfer.
 * Two reservations then share the task, and when their writes land close together, which one a
 * TaskRouter completion snapshots is a matter of timing that no browser sees coming (outcomes.md:
 * what cannot be saved). A reload or a fault moves that timing.
 */
function taskRouterCompletesASharedTask(scenario: Scenario): boolean {
  const transferred = new Set(scenario.steps.filter((s) => s.do === 'transfer').map((s) => String(s.call)));
  return scenario.steps.some((s) => s.do === 'autoComplete' && (s.call === undefined ? transferred.size > 0 : transferred.has(String(s.call))));
}

/**
 * A reload of an agent none of whose calls is live: after the call ended, it is no system issue.
 * Not in a story with faults: a reload resumes a write waiting out its backoff at once, so the
 * faults (one count for the whole contact center) fall on other writes than without it, and a
 * write they delay past its reservation's completion snapshots an older value. Nor where
 * TaskRouter completes a reservation of a shared task (see above).
 */
export function withReloadAfterCallEnded(scenario: Scenario, pick: Picker): Scenario | null {
  if (scenario.steps.some((s) => s.do === 'fault') || taskRouterCompletesASharedTask(scenario)) return null;
  const spots = statesAfterEachStep(scenario).flatMap(({ index, model }) =>
    model.agents
      .filter(
        (agent) =>
          model.tabOpen(agent) &&
          model.reservations.some((r) => r.agent === agent) &&
          !model.reservations.some((r) => r.agent === agent && r.status === 'accepted'),
      )
      .map((agent) => ({ index, agent })),
  );
  if (spots.length === 0) return null;
  const { index, agent } = pick.pick(spots);
  return insertAt(scenario, index, { do: 'reload', agent });
}

/**
 * Faults that clear long before the retry limit and the completion budget. Faults queue up for
 * whichever request comes next, so the story's own faults count too: none is added where the
 * two together could reach the retry limit, or hold a write back longer than the spacing between
 * steps (then a wrap-up timeout can snapshot the task before the write lands, which no browser
 * can prevent), or where TaskRouter completes a reservation of a shared task (see above).
 */
export function withFaultsWithinBudget(scenario: Scenario, pick: Picker): Scenario | null {
  const maxAttempts = ((scenario.config ?? {}) as { retry?: { maxAttempts?: number } }).retry?.maxAttempts ?? 8;
  const already = scenario.steps.filter((s) => s.do === 'fault').reduce((sum, s) => sum + Number(s.times), 0);
  const times = Math.min(pick.int(1, 2), maxAttempts - 1 - already);
  if (times < 1 || taskRouterCompletesASharedTask(scenario)) return null;
  const kind = pick.pick(['429', '503', 'network', 'conflict']);
  const variant = insertAt(scenario, pick.int(0, scenario.steps.length), { do: 'fault', kind, times });
  return faultsCanDelayAWrite(variant) ? null : variant;
}

/** Another system writes a key of its own on a call that exists by then. */
export function withUnrelatedForeignWrite(scenario: Scenario, pick: Picker): Scenario | null {
  const spots = statesAfterEachStep(scenario).flatMap(({ index, model }) => model.calls.map((c) => ({ index, call: c.id })));
  if (spots.length === 0) return null;
  const { index, call } = pick.pick(spots);
  return insertAt(scenario, index, { do: 'foreignWrite', call, attributes: { wfm_tag: 'unrelated', wfm: { shift: 7 } } });
}

export const RENAMED: Record<string, string> = { alice: 'dave', bob: 'erin', carol: 'frank' };

/** The same story told with other agents' names. */
export function renamed(scenario: Scenario): Scenario {
  const rename = (value: unknown) => (typeof value === 'string' && RENAMED[value] ? RENAMED[value] : value);
  return { ...scenario, steps: scenario.steps.map((s) => ({ ...s, ...(s.agent ? { agent: rename(s.agent) } : {}), ...(s.to ? { to: rename(s.to) } : {}) })) };
}

/**
 * Whether the faults can hold a write back longer than the spacing between steps: a request
 * timeout (10 s), a long Retry-After, a long run of faults, or a write that fails for good.
 */
function faultsCanDelayAWrite(scenario: Scenario): boolean {
  const faults = scenario.steps.filter((s) => s.do === 'fault');
  const total = faults.reduce((sum, s) => sum + Number(s.times), 0);
  return faultsCanFailAWrite(scenario) || total > 4 || faults.some((s) => s.kind === 'timeout' || Number(s.retryAfterMs ?? 0) >= 1000);
}

/**
 * The same story under the other transfer policy. Not where faults can hold a write back: a
 * policy that needs no write (the key is already absent under `clear`) and one that does (a label)
 * then land at different times, and a late write lands over another reservation's value (the
 * case outcomes.md says cannot be saved) under one policy only.
 */
export function otherPolicyWhenWritesAreTimely(scenario: Scenario): Scenario | null {
  return faultsCanDelayAWrite(scenario) ? null : otherPolicy(scenario);
}

/** The same story under the other transfer policy. */
export function otherPolicy(scenario: Scenario): Scenario {
  const config = (scenario.config ?? {}) as Record<string, unknown>;
  return { ...scenario, config: { ...config, transferPolicy: config.transferPolicy === 'label' ? 'clear' : 'label' } };
}

type Seen = Pick<Segment, 'agent' | 'hang_up_by' | 'destination'>;
const show = (s: Seen) => `${s.agent}:${s.hang_up_by}${s.destination ? `→${s.destination}` : ''}`;

/** Segments the same (agents mapped by `agentMap`, when given). */
export function compareSame(base: Seen[], variant: Seen[], agentMap: Record<string, string> = {}): string[] {
  const mapped = base.map((s) => ({ ...s, agent: agentMap[s.agent] ?? s.agent }));
  const a = mapped.map(show).join(' ');
  const b = variant.map(show).join(' ');
  return a === b ? [] : [`segments differ: ${a}  ≠  ${b}`];
}

const TRANSFER_LABELS = ['Cold Transfer', 'Warm Transfer'];

/** `label` and `clear` differ only where `label` shows a transfer and `clear` shows nothing. */
export function comparePolicies(label: Seen[], clear: Seen[]): string[] {
  if (label.length !== clear.length) return [`label gave ${label.length} segment(s), clear ${clear.length}`];
  return label.flatMap((l, i) => {
    const c = clear[i];
    if (show(l) === show(c)) return [];
    if (l.agent === c.agent && TRANSFER_LABELS.includes(String(l.hang_up_by)) && c.hang_up_by === null) return [];
    return [`segment ${i + 1}: label ${show(l)}, clear ${show(c)}`];
  });
}
