import type { Logger } from '../../sagas/services';
import { nodeEngine, type EngineSession } from '../engine';
import type { Scenario, Step } from '../scenario';
import { runStep } from '../steps';
import type { World } from '../world';

/**
 * Random call stories that the simulator can always play. A story is built against a live
 * contact center: each intent (a number) picks one of the steps that the world's state allows at
 * that moment, so whatever fast-check generates or shrinks to is a valid story. The rules of
 * outcomes.md play no part here: the story only says what happens, never what it should record.
 */

export interface StoryShape {
  agents: number;
  transferPolicy: 'clear' | 'label';
  studioPreset: boolean;
  /** One number per step: which of the steps possible at that moment happens. */
  intents: number[];
}

const AGENTS = ['alice', 'bob', 'carol'];
const CALLS = ['c1', 'c2'];
const WAITS = [1000, 5000, 30000, 300000];
const FAULTS: Array<{ kind: string; times: number; retryAfterMs?: number }> = [
  { kind: '429', times: 2, retryAfterMs: 2000 },
  { kind: '503', times: 1 },
  { kind: 'network', times: 2 },
  { kind: 'conflict', times: 1 },
  { kind: 'timeout', times: 1 },
  { kind: '403', times: 1 },
];

/** A step with a weight: frequent steps (accepting, hanging up) come up more often than rare ones. */
type Candidate = [weight: number, step: Step];

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function candidates(world: World, agents: string[], used: Set<string>): Candidate[] {
  const out: Candidate[] = [];
  const all = world.allReservations();
  const of = (agent: string, status: string) => all.filter((r) => r.agent === agent && r.reservation.status === status);
  // A step names the call whenever the agent has more than one reservation that it could mean.
  const named = (agent: string, status: string, call: string): Step['call'] => {
    // `complete` looks among wrapping and accepted reservations alike (sim/steps.ts).
    const among = status === 'wrapping' ? [...of(agent, 'wrapping'), ...of(agent, 'accepted')] : of(agent, status);
    return among.length > 1 ? call : undefined;
  };
  const withCall = (step: Step, call: Step['call']): Step => (call === undefined ? step : { ...step, call });

  for (const id of CALLS) {
    if (!world.calls.has(id)) {
      if (used.has(id)) continue;
      out.push([3, { do: 'incomingCall', call: id, from: '+15550100001' }]);
      for (const agent of agents) {
        if (of(agent, 'accepted').length === 0) out.push([1, { do: 'outboundCall', call: id, agent, to: '+15550100002' }]);
      }
      continue;
    }
    const call = world.call(id);
    if (call.ended) continue;
    const customer = call.parties.find((p) => p.type === 'customer' && p.status === 'joined');
    const onCall = call.parties.filter((p) => p.type === 'worker' && p.status === 'joined');
    const offered = all.some((r) => r.call === id && r.reservation.status === 'pending');
    if (customer?.connecting) {
      out.push([3, { do: 'customerAnswers', call: id }], [1, { do: 'customerNoAnswer', call: id }]);
    } else if (customer) {
      out.push([2, { do: 'customerHangup', call: id }]);
    }
    if (customer && !customer.connecting && onCall.length === 0 && !offered) {
      for (const agent of agents) {
        if (!all.some((r) => r.agent === agent && r.call === id && ['pending', 'accepted'].includes(r.reservation.status))) {
          out.push([4, { do: 'offer', call: id, agent }]);
        }
      }
    }
    const external = call.parties.find((p) => p.type === 'external' && p.status === 'joined');
    if (external?.connecting) out.push([2, { do: 'externalJoins', call: id }]);
    if (external) out.push([1, { do: 'externalLeaves', call: id }]);
  }

  for (const agent of agents) {
    for (const r of of(agent, 'pending')) {
      const call = named(agent, 'pending', r.call);
      out.push([6, withCall({ do: 'accept', agent }, call)], [1, withCall({ do: 'reject', agent }, call)], [1, withCall({ do: 'timeout', agent }, call)]);
    }
    for (const r of of(agent, 'accepted')) {
      const callId = named(agent, 'accepted', r.call);
      const call = world.call(r.call);
      const customer = call.parties.some((p) => p.type === 'customer' && p.status === 'joined' && !p.connecting);
      const external = call.parties.some((p) => p.type === 'external' && p.status === 'joined');
      out.push([3, withCall({ do: 'hangup', agent }, callId)], [1, withCall({ do: 'endConferenceForAll', agent }, callId)]);
      out.push([1, withCall({ do: 'networkDrop', agent }, callId)], [1, withCall({ do: 'wrapup', agent }, callId)]);
      if (customer) out.push([1, withCall({ do: 'kickCustomer', agent }, callId)]);
      if (call.transfer) out.push([1, withCall({ do: 'cancelTransfer', agent }, callId)]);
      if (customer && !call.transfer) {
        for (const to of agents) {
          if (to === agent || all.some((x) => x.agent === to && x.call === r.call && ['pending', 'accepted'].includes(x.reservation.status))) continue;
          out.push([1, withCall({ do: 'transfer', agent, to, mode: 'COLD' }, callId)], [1, withCall({ do: 'transfer', agent, to, mode: 'WARM' }, callId)]);
        }
      }
      if (customer && !external) {
        out.push([1, withCall({ do: 'externalTransfer', agent, to: '+15550199001', mode: 'WARM' }, callId)]);
        out.push([1, withCall({ do: 'externalTransfer', agent, to: '+15550199002', mode: 'COLD' }, callId)]);
      }
    }
    for (const r of of(agent, 'wrapping')) {
      const call = named(agent, 'wrapping', r.call);
      out.push([3, withCall({ do: 'complete', agent }, call)]);
    }
    if (world.browsers.has(agent)) {
      out.push([1, { do: 'reload', agent }], [1, { do: 'connectionLost', agent }], [1, { do: 'connectionRestored', agent }]);
    }
  }
  for (const fault of FAULTS) out.push([fault.kind === '403' ? 0.3 : 1, { do: 'fault', ...fault }]);
  for (const id of CALLS) {
    // Each foreign write sets a key of its own, so every one of them must survive to the end.
    if (world.calls.has(id)) out.push([1, { do: 'foreignWrite', call: id, attributes: { crm: { [`note${world.clock.now()}_${out.length}`]: true } } }]);
  }
  for (const ms of WAITS) out.push([1, { do: 'wait', ms }]);
  return out;
}

function pick(list: Candidate[], intent: number): Step {
  const total = list.reduce((sum, [weight]) => sum + weight, 0);
  let at = (intent % 10_000) / 10_000 * total;
  for (const [weight, step] of list) {
    if (at < weight) return step;
    at -= weight;
  }
  return list[list.length - 1][1];
}

/** A TaskRouter completion (wrap-up timeout) comes at least half a minute after the call ends. */
function withAutoComplete(step: Step, intent: number): Step[] {
  if (step.do !== 'complete' || intent % 3 !== 0) return [step];
  return [{ do: 'wait', ms: 30000 }, { ...step, do: 'autoComplete' }];
}

/** Plays `step` in the world that builds the story. */
async function play(session: EngineSession, step: Step): Promise<void> {
  const { world } = session;
  try {
    if (step.do === 'wait') await session.runUntil(world.clock.now() + Number(step.ms));
    else await session.drive(runStep(world, step));
    await session.runUntil(world.clock.now());
  } catch {
    // Reported when the story is replayed.
  }
}

/** Builds the story: the intents, then whatever it takes to end every call and complete every reservation. */
export async function buildStory(shape: StoryShape): Promise<Scenario> {
  const agents = AGENTS.slice(0, shape.agents);
  const session = await nodeEngine.start({ config: { transferPolicy: shape.transferPolicy }, log: quiet });
  const { world } = session;
  const steps: Step[] = [];
  const used = new Set<string>();
  // A step that fails here stays in the story: replayed, its failure is reported, not hidden.
  const take = async (step: Step) => {
    await play(session, step);
    steps.push(step);
    if (typeof step.call === 'string') used.add(step.call);
  };
  try {
    for (const intent of shape.intents) {
      for (const step of withAutoComplete(pick(candidates(world, agents, used), intent), intent)) await take(step);
    }
    // The end of the shift: every call ends, every offer lapses, every reservation completes.
    for (const [id, call] of world.calls) if (!call.ended) await take({ do: 'customerHangup', call: id });
    for (const { agent, reservation, call } of world.allReservations()) {
      if (reservation.status === 'pending') await take({ do: 'timeout', agent, call });
    }
    for (const [i, { agent, reservation, call }] of world.allReservations().entries()) {
      if (reservation.status === 'wrapping') {
        for (const step of withAutoComplete({ do: 'complete', agent, call }, i)) await take(step);
      }
    }
  } finally {
    await session.end();
  }
  return {
    name: `random story (${shape.agents} agent${shape.agents > 1 ? 's' : ''}, ${shape.transferPolicy})`,
    config: { transferPolicy: shape.transferPolicy },
    ...(shape.studioPreset ? { initialAttributes: { conversations: { hang_up_by: 'Customer' }, crm_id: 42 } } : { initialAttributes: { crm_id: 42 } }),
    steps,
    expect: { segments: [] },
  };
}
