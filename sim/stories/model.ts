import type { Step } from '../scenario';

/**
 * A small model of the calls of a story, as the simulator plays them (sim/world.ts, sim/actions.ts):
 * who is on each conference, each reservation's status, a transfer under way. It exists only so
 * that generated stories are playable (no step for a reservation that does not exist); it knows
 * nothing of the outcome rules. Where the simulator makes a choice (when a conference ends), the
 * model makes the same one; a step the simulator refuses shows as a failed property, so a model
 * that drifts is caught.
 */

export type ReservationStatus = 'pending' | 'accepted' | 'wrapping' | 'completed' | 'unaccepted';

export interface ModelReservation {
  agent: string;
  call: string;
  status: ReservationStatus;
  /** The agent's leg is on the conference (a `wrapup` step leaves it there, as the simulator does). */
  onCall: boolean;
}

export interface ModelCall {
  id: string;
  direction: 'inbound' | 'outbound';
  customer: 'ringing' | 'joined' | 'left';
  external: 'none' | 'dialing' | 'joined';
  transfer: { mode: 'COLD' | 'WARM'; from: string; to: string; accepted: boolean } | null;
  ended: boolean;
  /** An internal transfer happened on this call (a property allows an absent value then). */
  transferred: boolean;
}

export class StoryModel {
  readonly calls: ModelCall[] = [];
  readonly reservations: ModelReservation[] = [];
  /** Every `foreignWrite` key, so that properties can check each one survived. */
  readonly foreignKeys: string[] = [];
  /** Agents whose Flex tab is closed (`closeTab`): nothing is done in it until `openTab`. */
  readonly closedTabs = new Set<string>();

  constructor(readonly agents: string[]) {}

  tabOpen(agent: string): boolean {
    return !this.closedTabs.has(agent);
  }

  call(id: string): ModelCall {
    const call = this.calls.find((c) => c.id === id);
    if (!call) throw new Error(`model: no call ${id}`);
    return call;
  }

  /** At most one reservation per agent and call is not final (the transfer step keeps it so). */
  current(agent: string, call: string, statuses: ReservationStatus[]): ModelReservation | undefined {
    return this.reservations.find((r) => r.agent === agent && r.call === call && statuses.includes(r.status));
  }

  of(statuses: ReservationStatus[]): ModelReservation[] {
    return this.reservations.filter((r) => statuses.includes(r.status));
  }

  liveCalls(): ModelCall[] {
    return this.calls.filter((c) => !c.ended);
  }

  /** Applies a step to the model; the caller only passes steps that `kinds.ts` found applicable. */
  apply(step: Step): void {
    const agent = step.agent as string;
    const callId = step.call as string;
    switch (step.do) {
      case 'incomingCall':
        this.calls.push({ id: callId, direction: 'inbound', customer: 'joined', external: 'none', transfer: null, ended: false, transferred: false });
        return;
      case 'outboundCall':
        this.calls.push({ id: callId, direction: 'outbound', customer: 'ringing', external: 'none', transfer: null, ended: false, transferred: false });
        this.reservations.push({ agent, call: callId, status: 'accepted', onCall: true });
        return;
      case 'offer':
        this.reservations.push({ agent, call: callId, status: 'pending', onCall: false });
        return;
      case 'accept': {
        const r = this.current(agent, callId, ['pending'])!;
        r.status = 'accepted';
        r.onCall = true;
        const call = this.call(callId);
        if (call.transfer?.to === agent) {
          if (call.transfer.mode === 'COLD') call.transfer = null;
          else call.transfer.accepted = true;
        }
        return;
      }
      case 'reject':
      case 'timeout': {
        this.current(agent, callId, ['pending'])!.status = 'unaccepted';
        const call = this.call(callId);
        if (call.transfer?.to === agent && call.transfer.mode === 'WARM') call.transfer = null;
        return;
      }
      case 'customerAnswers':
        this.call(callId).customer = 'joined';
        return;
      case 'customerNoAnswer':
        this.call(callId).customer = 'left';
        this.endConference(this.call(callId));
        return;
      case 'customerHangup':
      case 'kickCustomer': {
        const call = this.call(callId);
        call.customer = 'left';
        this.afterLeaving(call);
        return;
      }
      case 'hangup': {
        const call = this.call(callId);
        this.leave(this.current(agent, callId, ['accepted'])!);
        if (call.transfer?.mode === 'WARM' && call.transfer.accepted) call.transfer = null;
        return;
      }
      case 'networkDrop':
        this.leave(this.current(agent, callId, ['accepted'])!);
        return;
      case 'endConferenceForAll':
        this.endConference(this.call(callId));
        return;
      case 'transfer': {
        const call = this.call(callId);
        const mode = step.mode as 'COLD' | 'WARM';
        call.transfer = { mode, from: agent, to: step.to as string, accepted: false };
        call.transferred = true;
        this.reservations.push({ agent: step.to as string, call: callId, status: 'pending', onCall: false });
        if (mode === 'COLD') this.leave(this.current(agent, callId, ['accepted'])!);
        return;
      }
      case 'cancelTransfer': {
        const call = this.call(callId);
        const transfer = call.transfer;
        if (!transfer) return;
        call.transfer = null;
        for (const r of this.reservations.filter((x) => x.call === callId && x.agent === transfer.to)) {
          if (r.status === 'pending') r.status = 'unaccepted';
          else if (r.status === 'accepted') this.leave(r);
        }
        return;
      }
      case 'externalTransfer': {
        const call = this.call(callId);
        call.external = 'dialing';
        // Cold: the registered action dials, then hangs the agent up (src/externalColdTransfer.ts).
        if (step.mode === 'COLD') this.apply({ do: 'hangup', agent, call: callId });
        return;
      }
      case 'externalJoins':
        this.call(callId).external = 'joined';
        return;
      case 'externalLeaves': {
        const call = this.call(callId);
        call.external = 'none';
        this.afterLeaving(call);
        return;
      }
      case 'reload':
      case 'closeTab':
        // The page's legs die with it, one call after the other (sim/world.ts agentPageGone).
        for (const r of this.reservations.filter((x) => x.agent === agent && x.status === 'accepted')) this.leave(r);
        if (step.do === 'closeTab') this.closedTabs.add(agent);
        return;
      case 'openTab':
        this.closedTabs.delete(agent);
        return;
      case 'wrapup':
        // WrapupTask moves the reservation on; the simulator leaves the leg on the conference.
        this.current(agent, callId, ['accepted'])!.status = 'wrapping';
        return;
      case 'complete':
      case 'autoComplete': {
        const r = this.current(agent, callId, ['wrapping', 'accepted'])!;
        if (r.status === 'accepted') this.leave(r);
        r.status = 'completed';
        return;
      }
      case 'foreignWrite':
        this.foreignKeys.push(...Object.keys(step.attributes as object).filter((k) => k !== 'conversations'));
        return;
      default:
        // fault, wait, connectionLost, connectionRestored: nothing on the conference changes.
        return;
    }
  }

  /** A leg leaves; the reservation goes to wrap-up; the conference may end (sim/world.ts `leave`). */
  private leave(r: ModelReservation): void {
    const wasOnCall = r.onCall;
    r.onCall = false;
    if (r.status === 'accepted') r.status = 'wrapping';
    if (wasOnCall) this.afterLeaving(this.call(r.call));
  }

  private afterLeaving(call: ModelCall): void {
    if (call.ended) return;
    const workers = this.reservations.some((r) => r.call === call.id && r.onCall);
    const nobodyWithCustomer = !workers && call.external !== 'joined' && call.external !== 'dialing' && call.transfer?.mode !== 'COLD';
    if (call.customer === 'left' || nobodyWithCustomer) this.endConference(call);
  }

  private endConference(call: ModelCall): void {
    call.ended = true;
    call.customer = 'left';
    call.external = 'none';
    for (const r of this.reservations.filter((x) => x.call === call.id)) {
      if (r.onCall) r.onCall = false;
      if (r.status === 'accepted') r.status = 'wrapping';
      if (r.status === 'pending') r.status = 'unaccepted';
    }
    call.transfer = null;
  }
}
