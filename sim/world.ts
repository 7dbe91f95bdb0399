import type { Logger } from '../sagas/services';
import { AgentBrowser, type PipelineErrors } from './browser';
import { VirtualClock } from './clock';
import { loadFlex } from './flexHost';
import type { AgentTab, TabFactory } from './tab';
import { SimReservation, SimTask, TaskRouterServer, type FaultKind, type TaskUpdatedEvent } from './taskrouter';

/**
 * The simulated contact center: TaskRouter, the conference of each call, and one browser per
 * agent. Where Twilio's behaviour had to be chosen, the choice is written beside the code.
 */

type PartyType = 'customer' | 'worker' | 'external';

interface Party {
  type: PartyType;
  callSid: string;
  status: 'joined' | 'left';
  /** Still ringing: an outbound customer or an outside number being dialed. */
  connecting: boolean;
  agent?: string;
  workerSid?: string;
  reservationSid?: string;
  phoneNumber?: string;
}

interface PendingTransfer {
  mode: 'COLD' | 'WARM';
  from: string;
  to: string;
  reservationSid?: string;
}

interface Call {
  id: string;
  taskSid: string;
  parties: Party[];
  ended: boolean;
  transfer: PendingTransfer | null;
}

export interface WorldOptions {
  config?: unknown;
  initialAttributes?: Record<string, unknown>;
  log: Logger;
  latencyMs?: number;
  /** The workers' SDK sends the task version with updates (default true). */
  versionCheck?: boolean;
  /** What an agent's Flex tab is; by default the in-process one (sim/browser.ts). */
  tabs?: (world: World) => TabFactory;
}

export class World {
  readonly clock = new VirtualClock();
  readonly server: TaskRouterServer;
  readonly pipeline: PipelineErrors = { errors: [] };
  readonly browsers = new Map<string, AgentTab>();
  private readonly createTab: TabFactory;
  readonly calls = new Map<string, Call>();
  private readonly reservations: Array<{ agent: string; call: string; reservation: SimReservation }> = [];
  private counter = 0;
  /** Who is acting in the current step (Flex actions carry no agent; the browser does). */
  actor: string | null = null;
  /** The scenario's name for the outbound call being placed (Flex's payload has only the number). */
  dialing: string | null = null;

  constructor(readonly options: WorldOptions) {
    this.server = new TaskRouterServer(this.clock.sleep, options.latencyMs ?? 20, options.versionCheck ?? true);
    this.server.onTaskUpdated = (event) => {
      // Pushed over each worker's websocket, only to open pages: after the change, at the same
      // simulated instant (steps are instants too, so the next step finds it delivered).
      this.clock.sleep(0).then(() => this.pushTaskUpdate(event));
    };
    this.createTab = options.tabs ? options.tabs(this) : this.inProcessTabs();
  }

  /** The in-process engine: each tab is an AgentBrowser around this process's real Flex. */
  private inProcessTabs(): TabFactory {
    loadFlex();
    return (agent, workerSid) => {
      // TaskRouter's log names the browser a task reached through the Workspace client came from.
      const fetchTask = (taskSid: string) => Object.assign(new SimTask(this.server, taskSid), { holder: { agent } });
      return new AgentBrowser(agent, workerSid, fetchTask, this.clock, this.options.config, this.options.log, this.pipeline);
    };
  }

  /** TaskRouter's `task.updated` reaches every task object that an open page holds through a reservation. */
  private pushTaskUpdate(event: TaskUpdatedEvent): void {
    for (const browser of this.browsers.values()) {
      if (!browser.isOpen) continue;
      for (const reservation of browser.reservations) {
        if (reservation.task.sid === event.sid) reservation.task.receiveUpdate(event);
      }
    }
  }

  private sid(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(32 - prefix.length + 2, '0')}`;
  }

  // ── agents and their browsers ─────────────────────────────────────────────────────────────

  /** The agent's Flex tab; the first mention of an agent opens it (they are logged in). */
  browser(agent: string): AgentTab {
    let browser = this.browsers.get(agent);
    if (!browser) {
      browser = this.createTab(agent, `WK${agent}`);
      this.browsers.set(agent, browser);
      // A page tab loads in the background; the engine lets no time pass until it is up.
      browser.open([]).catch((error: unknown) => this.pipeline.errors.push(`${agent}: Flex did not load: ${String(error)}`));
    }
    return browser;
  }

  /** What TaskRouter's worker of this agent holds: offers, live calls, wrap-ups. */
  heldBy(agent: string): SimReservation[] {
    return this.reservations
      .filter((r) => r.agent === agent && ['pending', 'accepted', 'wrapping'].includes(r.reservation.status))
      .map((r) => r.reservation);
  }

  /** The agent's page is gone: its WebRTC legs die with it, and the agent leaves every call. */
  agentPageGone(agent: string): void {
    for (const r of this.reservations) {
      if (r.agent === agent && r.reservation.status === 'accepted') {
        this.leave(this.call(r.call), (p) => p.reservationSid === r.reservation.sid);
      }
    }
  }

  call(id: string): Call {
    const call = this.calls.get(id);
    if (!call) throw new Error(`no call "${id}" in this scenario`);
    return call;
  }

  /** The agent's reservation a step is about: the one on the named call, else the one in `statuses`. */
  reservationOf(agent: string, statuses: string[], callId?: string): { call: Call; reservation: SimReservation } {
    const mine = this.reservations.filter(
      (r) => r.agent === agent && statuses.includes(r.reservation.status) && (!callId || r.call === callId),
    );
    if (mine.length === 0) throw new Error(`${agent} has no ${statuses.join('/')} reservation${callId ? ` on ${callId}` : ''}`);
    if (mine.length > 1 && !callId) throw new Error(`${agent} has ${mine.length} ${statuses.join('/')} reservations: name the call`);
    return { call: this.call(mine[0].call), reservation: mine[0].reservation };
  }

  agentOf(reservationSid: string): { agent: string; call: Call; reservation: SimReservation } {
    const found = this.reservations.find((r) => r.reservation.sid === reservationSid);
    if (!found) throw new Error(`unknown reservation ${reservationSid}`);
    return { agent: found.agent, call: this.call(found.call), reservation: found.reservation };
  }

  /** The ITask-shaped payload Flex hands to task actions. */
  taskPayload(reservation: SimReservation, call: Call): Record<string, unknown> {
    return {
      sid: reservation.sid,
      task: {
        sid: reservation.sid,
        taskSid: call.taskSid,
        taskChannelUniqueName: reservation.task.taskChannelUniqueName,
        attributes: reservation.task.attributes,
        conference: { participants: this.participantsView(call, reservation.workerSid) },
        sourceObject: reservation,
      },
    };
  }

  // ── tasks, reservations ───────────────────────────────────────────────────────────────────

  createCall(id: string, attributes: Record<string, unknown>, customer: Partial<Party>): Call {
    if (this.calls.has(id)) throw new Error(`call "${id}" exists already`);
    const taskSid = this.server.createTask('voice', { ...(this.options.initialAttributes ?? {}), ...attributes });
    const call: Call = {
      id,
      taskSid,
      ended: false,
      transfer: null,
      parties: [{ type: 'customer', callSid: this.sid('CA'), status: 'joined', connecting: false, ...customer }],
    };
    this.calls.set(id, call);
    return call;
  }

  offer(callId: string, agent: string, incoming?: { mode: 'COLD' | 'WARM'; from: string }): SimReservation {
    const call = this.call(callId);
    const browser = this.browser(agent);
    const task = new SimTask(this.server, call.taskSid);
    if (incoming) task.transfers.incoming = { mode: incoming.mode, workerSid: `WK${incoming.from}`, status: 'INITIATED' };
    const reservation = new SimReservation(this.sid('WR'), browser.workerSid, task);
    task.holder = { agent, reservationSid: reservation.sid };
    this.reservations.push({ agent, call: callId, reservation });
    browser.hold(reservation);
    return reservation;
  }

  /** TaskRouter moves a reservation on; a final one leaves the worker's list. */
  transition(reservation: SimReservation, status: SimReservation['status']): void {
    if (reservation.status === status) return;
    reservation.transition(status);
    if (['completed', 'canceled', 'rejected', 'rescinded', 'timeout'].includes(status)) {
      const { agent } = this.agentOf(reservation.sid);
      this.browsers.get(agent)?.release(reservation.sid);
    }
  }

  /** The reservation completes: Flex Insights takes the segment's snapshot at this instant. */
  completeReservation(reservation: SimReservation): void {
    const { agent, call } = this.agentOf(reservation.sid);
    if (reservation.status === 'accepted') this.leave(call, (p) => p.reservationSid === reservation.sid);
    this.server.snapshot(agent, reservation.sid, call.taskSid);
    this.transition(reservation, 'completed');
  }

  // ── the conference ────────────────────────────────────────────────────────────────────────

  private participantsView(call: Call, viewerWorkerSid: string): object[] {
    return call.parties.map((p) => ({
      participantType: p.type,
      status: p.status,
      connecting: p.connecting,
      callSid: p.callSid,
      workerSid: p.workerSid,
      phoneNumber: p.phoneNumber,
      reservationSid: p.reservationSid,
      isCurrentWorker: p.workerSid !== undefined && p.workerSid === viewerWorkerSid,
    }));
  }

  /** Every open browser sees the conference of every call (the plugin ignores tasks it does not hold). */
  publish(call: Call): void {
    for (const browser of this.browsers.values()) {
      if (browser.isOpen) browser.showConference(call.taskSid, this.participantsView(call, browser.workerSid));
    }
  }

  join(call: Call, party: Omit<Party, 'callSid' | 'status' | 'connecting'> & { connecting?: boolean }): Party {
    const joined: Party = { callSid: this.sid('CA'), status: 'joined', connecting: false, ...party };
    call.parties.push(joined);
    this.publish(call);
    if (joined.type === 'worker' && joined.agent && joined.reservationSid) {
      this.browsers.get(joined.agent)?.connectCall(joined.reservationSid, joined.callSid);
    }
    return joined;
  }

  present(call: Call, type: PartyType): Party[] {
    return call.parties.filter((p) => p.type === type && p.status === 'joined' && !p.connecting);
  }

  /**
   * Parties leave; an agent's leg disconnects and their reservation goes to wrap-up. Then the
   * conference ends as Flex ends it. Guess, from Flex's defaults: the customer's leg ends the
   * conference (endConferenceOnExit); so does the last agent or outside party leaving the
   * customer alone, unless a COLD transfer is bringing the next agent or an outside number is
   * still being dialed for the customer.
   */
  leave(call: Call, which: (p: Party) => boolean, failure?: { code: number }, endsWith = false): void {
    const leaving = call.parties.filter((p) => p.status === 'joined' && which(p));
    if (leaving.length === 0 && !endsWith) return;
    for (const party of leaving) party.status = 'left';
    this.publish(call);
    for (const party of leaving) this.agentLegEnded(party, failure);
    if (call.ended) return;
    const customerGone = !call.parties.some((p) => p.type === 'customer' && p.status === 'joined');
    const dialing = call.parties.some((p) => p.type === 'external' && p.status === 'joined' && p.connecting);
    const nobodyWithCustomer =
      this.present(call, 'worker').length === 0 &&
      this.present(call, 'external').length === 0 &&
      !dialing &&
      call.transfer?.mode !== 'COLD';
    if (endsWith || customerGone || nobodyWithCustomer) this.endConference(call);
  }

  private agentLegEnded(party: Party, failure?: { code: number }): void {
    if (party.type !== 'worker' || !party.agent || !party.reservationSid) return;
    this.browsers.get(party.agent)?.dropCall(party.reservationSid, failure);
    const { reservation } = this.agentOf(party.reservationSid);
    if (reservation.status === 'accepted') this.transition(reservation, 'wrapping');
  }

  endConference(call: Call): void {
    call.ended = true;
    const still = call.parties.filter((p) => p.status === 'joined');
    for (const party of still) party.status = 'left';
    this.publish(call);
    for (const party of still) this.agentLegEnded(party);
    // Offers still ringing for this call have nothing to connect to any more.
    for (const r of this.reservations) {
      if (r.call === call.id && r.reservation.status === 'pending') this.transition(r.reservation, 'canceled');
    }
    call.transfer = null;
  }

  // ── faults and foreign systems ────────────────────────────────────────────────────────────

  fault(kind: FaultKind, times: number, retryAfterMs?: number): void {
    this.server.addFaults(kind, times, retryAfterMs);
  }

  allReservations(): Array<{ agent: string; call: string; reservation: SimReservation }> {
    return this.reservations;
  }

  /** Drops an ended call from the contact center's memory (a long shift keeps only what is live). */
  forget(callId: string): void {
    this.calls.delete(callId);
    for (let i = this.reservations.length - 1; i >= 0; i--) if (this.reservations[i].call === callId) this.reservations.splice(i, 1);
  }
}
