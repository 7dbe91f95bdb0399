import { IN_TAB, type Step } from '../scenario';
import type { StoryModel } from './model';

/** Picks from a list with the randomness of one generated choice (see arbitrary.ts). */
export interface Picker {
  pick<T>(items: readonly T[]): T;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
}

/**
 * One kind of step: how often it is chosen, and every concrete step of that kind the story can
 * take now. A kind with no applicable step is skipped. The order matters for shrinking: a choice
 * shrinks towards 0, the first kind, so the first kind is the harmless `wait`.
 */
export interface StepKind {
  name: string;
  weight: number;
  steps(model: StoryModel, pick: Picker): Step[];
}

export const MAX_CALLS = 3;
const NUMBERS = ['+15550100001', '+15550100002', '+15550100003'];
const OUTSIDE = ['+15550109901', '+15550109902'];
export const FAULT_KINDS = ['429', '503', 'network', 'conflict', '403', 'timeout'] as const;

const nextCallId = (model: StoryModel) => `c${model.calls.length + 1}`;

/** Reservations of agents on calls, in the statuses given, as (agent, call) pairs. */
function held(model: StoryModel, statuses: Array<'pending' | 'accepted' | 'wrapping'>): Array<{ agent: string; call: string }> {
  return model.of(statuses).map((r) => ({ agent: r.agent, call: r.call }));
}

const onCall = (model: StoryModel, agent: string, call: string) => model.reservations.some((r) => r.agent === agent && r.call === call && r.onCall);
const busyOn = (model: StoryModel, agent: string, call: string) =>
  onCall(model, agent, call) || model.current(agent, call, ['pending', 'accepted', 'wrapping']) !== undefined;

/** The customer can be handed on: on the call and answered. */
const customerHere = (model: StoryModel, call: string) => model.call(call).customer === 'joined' && !model.call(call).ended;

/** Keeps the steps that the acting agent's tab allows. */
export function inOpenTabs(model: StoryModel, steps: Step[]): Step[] {
  return steps.filter((step) => !IN_TAB.has(step.do) || model.tabOpen(String(step.agent)));
}

export const STEP_KINDS: StepKind[] = [
  {
    name: 'wait',
    weight: 2,
    steps: (_m, pick) => [{ do: 'wait', ms: pick.pick([0, 20, 500, 3000, 30_000, 120_000]) }],
  },
  {
    name: 'incomingCall',
    weight: 4,
    steps: (m) => (m.calls.length < MAX_CALLS ? [{ do: 'incomingCall', call: nextCallId(m), from: NUMBERS[m.calls.length] }] : []),
  },
  {
    name: 'outboundCall',
    weight: 1,
    steps: (m) => (m.calls.length < MAX_CALLS ? m.agents.map((agent) => ({ do: 'outboundCall', call: nextCallId(m), agent, to: NUMBERS[m.calls.length] })) : []),
  },
  {
    // TaskRouter offers a queued call: nobody holds it and no transfer is bringing anyone.
    name: 'offer',
    weight: 8,
    steps: (m) =>
      m
        .liveCalls()
        .filter((c) => c.direction === 'inbound' && !c.transfer && m.reservations.every((r) => r.call !== c.id || r.status === 'unaccepted'))
        .flatMap((c) => m.agents.filter((a) => !busyOn(m, a, c.id)).map((agent) => ({ do: 'offer', call: c.id, agent }))),
  },
  { name: 'accept', weight: 10, steps: (m) => held(m, ['pending']).map((r) => ({ do: 'accept', ...r })) },
  { name: 'reject', weight: 1, steps: (m) => held(m, ['pending']).map((r) => ({ do: 'reject', ...r })) },
  { name: 'timeout', weight: 1, steps: (m) => held(m, ['pending']).map((r) => ({ do: 'timeout', ...r })) },
  {
    name: 'customerAnswers',
    weight: 4,
    steps: (m) => m.liveCalls().filter((c) => c.customer === 'ringing').map((c) => ({ do: 'customerAnswers', call: c.id })),
  },
  {
    name: 'customerNoAnswer',
    weight: 1,
    steps: (m) => m.liveCalls().filter((c) => c.customer === 'ringing').map((c) => ({ do: 'customerNoAnswer', call: c.id })),
  },
  {
    name: 'customerHangup',
    weight: 1,
    steps: (m) => m.liveCalls().filter((c) => c.customer === 'joined').map((c) => ({ do: 'customerHangup', call: c.id })),
  },
  { name: 'hangup', weight: 4, steps: (m) => held(m, ['accepted']).map((r) => ({ do: 'hangup', ...r })) },
  {
    name: 'kickCustomer',
    weight: 1,
    steps: (m) => held(m, ['accepted']).filter((r) => customerHere(m, r.call)).map((r) => ({ do: 'kickCustomer', ...r })),
  },
  { name: 'endConferenceForAll', weight: 1, steps: (m) => held(m, ['accepted']).map((r) => ({ do: 'endConferenceForAll', ...r })) },
  {
    name: 'transfer',
    weight: 12,
    steps: (m) =>
      held(m, ['accepted'])
        .filter((r) => customerHere(m, r.call) && !m.call(r.call).transfer)
        .flatMap((r) =>
          m.agents
            .filter((to) => to !== r.agent && !busyOn(m, to, r.call))
            .flatMap((to) => (['COLD', 'WARM'] as const).map((mode) => ({ do: 'transfer', ...r, to, mode }))),
        ),
  },
  {
    name: 'cancelTransfer',
    weight: 2,
    steps: (m) => held(m, ['accepted']).filter((r) => m.call(r.call).transfer?.from === r.agent).map((r) => ({ do: 'cancelTransfer', ...r })),
  },
  {
    name: 'externalTransfer',
    weight: 4,
    steps: (m, pick) =>
      held(m, ['accepted'])
        .filter((r) => customerHere(m, r.call) && m.call(r.call).external === 'none')
        .flatMap((r) => (['COLD', 'WARM'] as const).map((mode) => ({ do: 'externalTransfer', ...r, to: pick.pick(OUTSIDE), mode }))),
  },
  {
    name: 'externalJoins',
    weight: 4,
    steps: (m) => m.liveCalls().filter((c) => c.external === 'dialing').map((c) => ({ do: 'externalJoins', call: c.id })),
  },
  {
    name: 'externalLeaves',
    weight: 1,
    steps: (m) => m.liveCalls().filter((c) => c.external !== 'none').map((c) => ({ do: 'externalLeaves', call: c.id })),
  },
  { name: 'reload', weight: 1, steps: (m) => m.agents.map((agent) => ({ do: 'reload', agent })) },
  { name: 'networkDrop', weight: 1, steps: (m) => held(m, ['accepted']).map((r) => ({ do: 'networkDrop', ...r })) },
  {
    name: 'connection',
    weight: 1,
    steps: (m) => m.agents.flatMap((agent) => [{ do: 'connectionLost', agent }, { do: 'connectionRestored', agent }]),
  },
  { name: 'wrapup', weight: 1, steps: (m) => held(m, ['accepted']).map((r) => ({ do: 'wrapup', ...r })) },
  { name: 'complete', weight: 4, steps: (m) => held(m, ['wrapping']).map((r) => ({ do: 'complete', ...r })) },
  { name: 'autoComplete', weight: 1, steps: (m) => held(m, ['wrapping', 'accepted']).map((r) => ({ do: 'autoComplete', ...r })) },
  {
    name: 'fault',
    weight: 1,
    steps: (_m, pick) => {
      const kind = pick.pick(FAULT_KINDS);
      const step: Step = { do: 'fault', kind, times: pick.int(1, 4) };
      if (kind === '429' && pick.int(0, 1) === 1) step.retryAfterMs = pick.pick([200, 1000, 5000]);
      return [step];
    },
  },
  {
    // Another system merges a key of its own (it must survive), now and then the plugin's own key.
    name: 'foreignWrite',
    weight: 1,
    steps: (m, pick) =>
      m.calls.map((c) => {
        const n = m.foreignKeys.length + 1;
        const attributes: Record<string, unknown> =
          pick.int(0, 4) === 0 ? { conversations: { hang_up_by: 'Customer' } } : { [`crm_note_${n}`]: `note ${n}`, crm: { [`field_${n}`]: n } };
        return { do: 'foreignWrite', call: c.id, attributes };
      }),
  },
  { name: 'closeTab', weight: 1, steps: (m) => m.agents.filter((a) => m.tabOpen(a)).map((agent) => ({ do: 'closeTab', agent })) },
  { name: 'openTab', weight: 3, steps: (m) => [...m.closedTabs].map((agent) => ({ do: 'openTab', agent })) },
];
