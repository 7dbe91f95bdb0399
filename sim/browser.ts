import { EventEmitter } from 'events';
import type { AnyAction } from 'redux';
import { install, type Installation, type ManagerLike } from '../src/install';
import type { Logger } from '../sagas/services';
import type { VirtualClock } from './clock';
import { createFlexStore, loadFlex } from './flexHost';
import { MemoryStorage } from './storage';
import type { AgentTab, LegFailure } from './tab';
import { SimTask, SimWorker, type SimReservation } from './taskrouter';

/** A Voice SDK `Call`: the agent's WebRTC leg of one conference. */
export class SimCall extends EventEmitter {
  /** Voice SDK `Call.parameters`: the CallSid is the leg's sid in the conference. */
  readonly parameters: { CallSid: string };

  constructor(
    readonly reservationSid: string,
    callSid: string,
  ) {
    super();
    this.parameters = { CallSid: callSid };
  }
}

/** A Voice SDK `Device` (`manager.voiceClient`). */
export class SimDevice extends EventEmitter {
  calls: SimCall[] = [];
}

export interface PipelineErrors {
  /** Exceptions that reached Flex's action pipeline from the plugin's listeners. */
  errors: string[];
}

/**
 * One agent's browser tab, in this process: its own Flex store, local storage, window, Voice SDK
 * device and TaskRouter worker object, and its own instance of the plugin, installed through the
 * production `install()` from source. A reload keeps only the storage, as a real browser does.
 * (Flex's Actions framework is one per process here, shared by every agent's tab.)
 */
let sequence = 0;

export class AgentBrowser implements AgentTab {
  readonly storage = new MemoryStorage();
  /** Every action of the plugin in this browser, across reloads, numbered in the order of the whole run. */
  readonly actions: Array<{ seq: number; action: AnyAction }> = [];
  store!: ReturnType<typeof createFlexStore>;
  worker!: SimWorker;
  device!: SimDevice;
  window!: EventTarget;
  /** Flex's `manager.events` of the current page. */
  events!: EventEmitter;
  installation: Installation | null = null;
  private pageStorage: ReturnType<MemoryStorage['page']> | null = null;

  constructor(
    readonly agent: string,
    readonly workerSid: string,
    private readonly fetchTask: (taskSid: string) => SimTask,
    private readonly clock: VirtualClock,
    private readonly config: unknown,
    private readonly log: Logger,
    private readonly pipeline: PipelineErrors,
  ) {}

  get reservations(): SimReservation[] {
    return this.worker ? [...this.worker.reservations.values()] : [];
  }

  get isOpen(): boolean {
    return this.installation !== null;
  }

  /** Loads the page: a new Flex session over this browser's storage and TaskRouter's reservations. */
  async open(held: SimReservation[] = []): Promise<void> {
    this.load(held);
  }

  private load(reservations: SimReservation[]): void {
    const flex = loadFlex();
    // Flex's store enhancer keeps the root reducer in a module variable that `addReducer` wraps:
    // create the store and install the plugin in one synchronous step, as Flex does per page.
    this.store = createFlexStore(flex);
    const dispatch = this.store.dispatch.bind(this.store);
    this.store.dispatch = (action: AnyAction) => {
      if (typeof action?.type === 'string' && action.type.startsWith('hangUpBy/')) this.actions.push({ seq: (sequence += 1), action });
      return dispatch(action);
    };
    this.worker = new SimWorker(this.workerSid);
    for (const reservation of reservations) this.worker.reservations.set(reservation.sid, reservation);
    this.device = new SimDevice();
    this.window = new EventTarget();
    this.events = new EventEmitter();
    const manager: ManagerLike = {
      store: this.store,
      workerClient: this.worker,
      voiceClient: this.device,
      events: this.events,
      configuration: { hangUpBy: this.config },
      serviceConfiguration: { account_sid: 'ACsimulated' },
      // TaskRouter's Workspace client reaches a task the worker no longer holds.
      workspaceClient: { fetchTask: async (taskSid: string) => this.fetchTask(taskSid) },
    };
    this.installation = install({ Actions: this.guardedActions(flex) }, manager, {
      clock: this.clock,
      log: this.log,
      storage: (this.pageStorage = this.storage.page()),
      window: this.window as unknown as Window,
      random: () => 0.5,
    });
  }

  /** The page goes away: `beforeunload`, then nothing of this instance runs any more. */
  async close(): Promise<void> {
    this.unload();
  }

  async reload(whileGone: () => SimReservation[]): Promise<void> {
    this.unload();
    this.load(whileGone());
  }

  async dispose(): Promise<void> {
    this.installation?.uninstall();
    this.installation = null;
  }

  private unload(): void {
    if (!this.installation) return;
    this.window.dispatchEvent(new Event('beforeunload'));
    this.installation.uninstall();
    this.installation = null;
    this.pageStorage?.close();
    for (const call of this.device.calls) call.removeAllListeners();
    this.device.calls = [];
  }

  hold(reservation: SimReservation): void {
    this.worker.reservations.set(reservation.sid, reservation);
    if (this.installation) this.worker.emit('reservationCreated', reservation);
  }

  release(reservationSid: string): void {
    this.worker.reservations.delete(reservationSid);
  }

  managerEvent(name: string, ...args: unknown[]): void {
    if (this.installation) this.events.emit(name, ...args);
  }

  invoke(action: string, payload: object): Promise<unknown> {
    if (!this.installation) return Promise.reject(new Error(`${this.agent}'s Flex tab is closed`));
    return loadFlex().Actions.invokeAction(action as any, payload as any); // any: the scenario names the action at run time
  }

  /** Flex's Actions, with every listener the plugin adds watched for exceptions it lets out. */
  private guardedActions(flex: ReturnType<typeof loadFlex>) {
    const wrapped = new Map<Function, Function>();
    const errors = this.pipeline.errors;
    const name = this.agent;
    const actions = flex.Actions as any;
    return {
      actions: actions.actions,
      registerAction: (name: string, action: (payload: any) => Promise<unknown>) => actions.registerAction(name, action),
      invokeAction: (name: string, payload: object) => actions.invokeAction(name, payload),
      addListener(event: string, listener: (...args: any[]) => unknown) {
        const guard = (...args: any[]) => {
          try {
            const result = listener(...args);
            if (result && typeof (result as Promise<unknown>).then === 'function') {
              return (result as Promise<unknown>).catch((error) => {
                errors.push(`${name}: ${event} rejected: ${String(error)}`);
                throw error;
              });
            }
            return result;
          } catch (error) {
            errors.push(`${name}: ${event} threw: ${String(error)}`);
            throw error;
          }
        };
        wrapped.set(listener, guard);
        flex.Actions.addListener(event as any, guard as any);
      },
      removeListener(event: string, listener: (...args: any[]) => unknown) {
        const guard = wrapped.get(listener);
        if (guard) flex.Actions.removeListener(event as any, guard as any);
        wrapped.delete(listener);
      },
    };
  }

  /** Flex's conference state for one task, as Flex's own conference listener would set it. */
  showConference(taskSid: string, participants: object[]): void {
    if (!this.installation) return;
    this.store.dispatch({
      type: 'CONFERENCE_MULTIPLE_UPDATE',
      payload: { conferences: [{ sid: taskSid, status: 'active', participants }] },
    });
  }

  /** The agent's leg of a call connects: Flex answers the incoming call on the Device. */
  connectCall(reservationSid: string, callSid: string): void {
    if (!this.installation) return;
    const call = new SimCall(reservationSid, callSid);
    this.device.calls.push(call);
    this.device.emit('incoming', call);
  }

  dropCall(reservationSid: string, failure?: LegFailure): void {
    if (!this.installation) return;
    const call = this.device.calls.find((c) => c.reservationSid === reservationSid);
    if (!call) return;
    if (failure) call.emit('error', { code: failure.code, message: 'ConnectionError' });
    call.emit('disconnect', call);
    call.removeAllListeners();
    this.device.calls = this.device.calls.filter((c) => c !== call);
  }
}
