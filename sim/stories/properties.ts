import { HANG_UP_BY_VALUES } from '../../slices/outcomes';
import type { Scenario } from '../scenario';
import type { Observation } from './observe';

/**
 * Properties that hold for every story, checked without a second copy of the rules: they look at
 * what TaskRouter accepted, what Insights snapshotted, and what the plugin's own actions say.
 * Each returns the violations it found (empty when the property holds).
 */

const VALUES: readonly string[] = HANG_UP_BY_VALUES;

/** Facts of the story itself (its steps and config), not of the rules. */
export interface StoryFacts {
  policy: 'clear' | 'label';
  nonVoice: boolean;
  maxAttempts: number;
  /** Calls on which an internal transfer was started. */
  transferredCalls: Set<string>;
  faultsTotal: number;
  /** Calls on which another system wrote `conversations` itself. */
  foreignValueCalls: Set<string>;
  /** A fault that no number of retries gets past (a 403 is never retried). */
  unretriedFault: boolean;
}

export function storyFacts(scenario: Scenario): StoryFacts {
  const config = (scenario.config ?? {}) as { transferPolicy?: string; voiceChannels?: string[]; retry?: { maxAttempts?: number } };
  const faults = scenario.steps.filter((s) => s.do === 'fault');
  return {
    policy: config.transferPolicy === 'label' ? 'label' : 'clear',
    nonVoice: Array.isArray(config.voiceChannels) && !config.voiceChannels.includes('voice'),
    maxAttempts: config.retry?.maxAttempts ?? 8,
    transferredCalls: new Set(scenario.steps.filter((s) => s.do === 'transfer').map((s) => String(s.call))),
    foreignValueCalls: new Set(
      scenario.steps.filter((s) => s.do === 'foreignWrite' && 'conversations' in (s.attributes as object)).map((s) => String(s.call)),
    ),
    faultsTotal: faults.reduce((sum, s) => sum + Number(s.times), 0),
    unretriedFault: faults.some((s) => s.kind === '403'),
  };
}

const conversationsOf = (attributes: Record<string, unknown>): Record<string, unknown> => {
  const c = attributes?.conversations;
  return typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {};
};

const valueOf = (attributes: Record<string, unknown>) => {
  const c = conversationsOf(attributes);
  return { hangUpBy: typeof c.hang_up_by === 'string' ? c.hang_up_by : null, destination: typeof c.destination === 'string' ? c.destination : null };
};

/** Whether `actual` contains everything in `expected` (objects compared key by key). */
function contains(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return actual === expected;
  if (typeof actual !== 'object' || actual === null) return false;
  return Object.entries(expected).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
}

const withoutOurKeys = (attributes: Record<string, unknown>): Record<string, unknown> => {
  const { conversations, ...rest } = attributes ?? {};
  return rest;
};

/** Every step ran, every agent action finished, no exception reached Flex, no write touched other keys. */
export function runHealthy(o: Observation): string[] {
  // The story carries no expected segments: that difference is not a finding.
  return o.result.failures.filter((f) => !/^expected 0 segment\(s\)/.test(f));
}

/** Every foreign write, and every attribute the task started with, is still there at the end. */
export function foreignWritesSurvive(o: Observation): string[] {
  const problems: string[] = [];
  o.scenario.steps.forEach((step, i) => {
    if (step.do !== 'foreignWrite') return;
    const wanted = withoutOurKeys(step.attributes as Record<string, unknown>);
    if (!contains(o.finalAttributes[String(step.call)], wanted)) {
      problems.push(`foreign write of step ${i + 1} (${JSON.stringify(wanted)}) lost on ${step.call}: ${JSON.stringify(o.finalAttributes[String(step.call)])}`);
    }
  });
  const initial = withoutOurKeys(o.scenario.initialAttributes ?? {});
  for (const [call, attributes] of Object.entries(o.finalAttributes)) {
    if (!contains(attributes, initial)) problems.push(`initial attributes lost on ${call}: ${JSON.stringify(attributes)}`);
  }
  return problems;
}

/**
 * At most one accepted write per reservation, none for one never accepted or not voice. A second
 * write only for a reservation whose task another accepted reservation shares, and only after
 * another reservation (or another system, writing this key) changed the value since its first
 * (outcomes.md "When").
 */
export function writesPerReservation(o: Observation, facts: StoryFacts): string[] {
  const problems: string[] = [];
  if (facts.nonVoice && o.writes.length > 0) problems.push(`${o.writes.length} write(s) for tasks on a channel that is not voice`);
  const byReservation = new Map<string, number[]>();
  o.writes.forEach((w, index) => {
    if (!w.reservationSid) {
      problems.push(`write ${index + 1} by ${w.by?.agent ?? 'nobody'} belongs to no reservation`);
      return;
    }
    byReservation.set(w.reservationSid, [...(byReservation.get(w.reservationSid) ?? []), index]);
  });
  for (const [sid, indexes] of byReservation) {
    const reservation = o.reservations.find((r) => r.sid === sid);
    const label = `${reservation?.agent ?? '?'} on ${reservation?.call ?? '?'} (${sid})`;
    if (!reservation?.accepted) problems.push(`${label} was never accepted, yet wrote ${indexes.length} time(s)`);
    if (indexes.length > 2) problems.push(`${label} wrote ${indexes.length} times`);
    if (indexes.length !== 2) continue;
    const [first, second] = indexes;
    const shared = o.reservations.some((r) => r.sid !== sid && r.accepted && r.taskSid === reservation?.taskSid);
    const mine = JSON.stringify(valueOf(o.writes[first].after));
    const changedByOther = o.writes
      .slice(first + 1, second)
      .some((w) => w.reservationSid !== sid && w.taskSid === reservation?.taskSid && JSON.stringify(valueOf(w.after)) !== mine);
    // Another system writing the plugin's own key is a change too: TaskRouter's update names no
    // author, and the rule is "only if the value is no longer its own".
    const changedByForeign =
      facts.foreignValueCalls.has(reservation?.call ?? '') && JSON.stringify(valueOf(o.writes[second].before)) !== mine;
    // A reservation that took part in an internal transfer keeps checking even when the transfer
    // ended unaccepted (a finding, see notes): it writes again only after a foreign change.
    const transferredHere = o.scenario.steps.some(
      (step) => step.do === 'transfer' && step.call === reservation?.call && (step.agent === reservation?.agent || step.to === reservation?.agent),
    );
    // A request whose page reloaded or closed before its answer may have landed unheard: the
    // write resumed from storage cannot tell, and after a foreign change of the key it writes again.
    const heard = o.actions.filter((a) => a.type === 'hangUpBy/writeSucceeded' && a.payload?.reservationSid === sid).length;
    const unheardThenChanged = heard < indexes.length && changedByForeign;
    if (!(shared && (changedByOther || changedByForeign)) && !(transferredHere && changedByForeign) && !unheardThenChanged) {
      problems.push(`${label} wrote twice ${shared ? 'though no other reservation changed the value in between' : 'without sharing its task'}`);
    }
  }
  return problems;
}

/**
 * Every value written and every segment is one of outcomes.md's values. The key is absent only
 * after a transfer under `clear`, or in a segment snapshotted before any write of the plugin
 * reached its task. A destination comes only with an external transfer.
 */
export function valuesFromOutcomes(o: Observation, facts: StoryFacts): string[] {
  const problems: string[] = [];
  const callOfTask = new Map(o.reservations.map((r) => [r.taskSid, r.call]));
  const clearedHere = (taskSid: string) => facts.policy === 'clear' && facts.transferredCalls.has(callOfTask.get(taskSid) ?? '');
  o.writes.forEach((w, i) => {
    const { hangUpBy, destination } = valueOf(w.after);
    if (hangUpBy === null && !clearedHere(w.taskSid)) problems.push(`write ${i + 1} removed hang_up_by without a transfer under clear`);
    if (hangUpBy !== null && !VALUES.includes(hangUpBy)) problems.push(`write ${i + 1} wrote ${JSON.stringify(hangUpBy)}`);
    // The write merges: a destination another reservation's external transfer left stays (a
    // later segment shows it beside its own value); this write may only set one with its own.
    if (destination !== null && destination !== valueOf(w.before).destination && !String(hangUpBy).startsWith('External')) {
      problems.push(`write ${i + 1} set destination ${destination} beside ${JSON.stringify(hangUpBy)}`);
    }
  });
  o.segments.forEach((segment, i) => {
    const reservation = o.reservations.find((r) => r.sid === segment.reservationSid);
    const order = o.snapshotOrder[i];
    const written = o.writes.slice(0, order?.writesBefore ?? 0).some((w) => w.taskSid === reservation?.taskSid);
    if (segment.hang_up_by === null) {
      if (written && !clearedHere(reservation?.taskSid ?? '')) problems.push(`segment ${i + 1} (${segment.agent}) has no value though the task was written`);
    } else if (!VALUES.includes(segment.hang_up_by)) {
      problems.push(`segment ${i + 1} (${segment.agent}) holds ${JSON.stringify(segment.hang_up_by)}`);
    }
  });
  return problems;
}

/** When the faults end before the retry limit, every accepted voice reservation's write lands. */
export function valueLands(o: Observation, facts: StoryFacts): string[] {
  if (facts.nonVoice || facts.unretriedFault || facts.faultsTotal >= facts.maxAttempts) return [];
  const problems: string[] = [];
  for (const r of o.reservations.filter((x) => x.accepted)) {
    const mine = o.actions.filter((a) => a.payload?.reservationSid === r.sid);
    const failed = mine.find((a) => a.type === 'hangUpBy/writeFailed');
    // Version conflicts have a budget of their own (retry.maxAttempts), and the call's other
    // writers spend it as conflict faults do: with a small limit, a conflict fault and one write of
    // another reservation between this one's read and write can end it. Not a lost fault budget.
    const contended =
      /^conflict/.test(String(failed?.payload?.reason)) && o.writes.some((w) => w.taskSid === r.taskSid && w.reservationSid !== r.sid);
    if (failed && contended) continue;
    if (failed) problems.push(`${r.agent} on ${r.call}: write failed (${failed.payload.reason}) with ${facts.faultsTotal} fault(s) under ${facts.maxAttempts} attempts`);
    else if (!mine.some((a) => a.type === 'hangUpBy/writeSucceeded' || a.type === 'hangUpBy/writeSkippedUnchanged')) {
      problems.push(`${r.agent} on ${r.call}: the write never landed`);
    }
  }
  return problems;
}

/** Once every reservation is completed and settled, no record is left in any slice or storage. */
export function nothingLeft(o: Observation): string[] {
  if (o.reservations.some((r) => r.status === 'pending' || r.status === 'accepted' || r.status === 'wrapping')) return [];
  return Object.entries(o.agents).flatMap(([agent, a]) => [
    ...(a.sliceRecords > 0 ? [`${agent}: ${a.sliceRecords} record(s) left in the slice`] : []),
    ...(a.storedRecords !== 0 ? [`${agent}: ${a.storedRecords} record(s) left in storage`] : []),
  ]);
}

/** Every invariant, with the property's name before each violation. */
export function invariantViolations(o: Observation): string[] {
  const facts = storyFacts(o.scenario);
  const named = (name: string, found: string[]) => found.map((f) => `${name}: ${f}`);
  return [
    ...named('run', runHealthy(o)),
    ...named('foreign writes survive', foreignWritesSurvive(o)),
    ...named('writes per reservation', writesPerReservation(o, facts)),
    ...named('values', valuesFromOutcomes(o, facts)),
    ...named('value lands', valueLands(o, facts)),
    ...named('nothing left', nothingLeft(o)),
  ];
}
