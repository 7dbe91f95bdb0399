import type { EventEmitter } from 'events';
import {
  applyMiddleware,
  combineReducers,
  compose,
  legacy_createStore as createStore,
  type Middleware,
  type Reducer,
  type Store,
  type StoreEnhancer,
} from 'redux';
import { install, type Extension, type FlexLike, type Installation, type ManagerLike } from '../../src/install';
import type { ActionsLike } from '../../src/sources/flexActions';
import type { ReservationRecord } from '../../slices/reservationRecord';
import {
  countSubscriptions,
  CountingWindow,
  FakeDevice,
  FakeTaskRouter,
  FakeWorker,
  makeReservation,
  ManualClock,
  MemoryLog,
  MemoryStorage,
  settle,
  type FakeReservation,
  type ReservationSpec,
} from './fakes';

/** The parts of the real `@twilio/flex-ui` module these tests drive. */
export interface FlexRuntime {
  // Payloads are `any` as in Flex's own typings (ActionPayload = any).
  Actions: ActionsLike & {
    invokeAction(name: string, payload?: object): Promise<unknown>;
    replaceAction(name: string, action: (payload: any) => Promise<unknown>): void;
    registerAction(name: string, action: (payload: any) => Promise<unknown>): void;
    /** Private in Flex's typings: read only to count listeners. */
    emitter: EventEmitter;
  };
  FlexReducer: Reducer;
  getFlexMiddleware(): Middleware[];
  flexStoreEnhancer: StoreEnhancer;
  Manager: {
    /** Flex's own event emitter (FlexModule.events), what `manager.events` is in hosted Flex. */
    events: EventEmitter;
    prototype: { configureReduxStore(this: { _store: Store }): void };
  };
  ConferenceParticipant: new (channelParticipant: object) => object;
}

/** Flex actions whose real implementation would call Twilio: replaced by recording fakes. */
export const TWILIO_BOUND_ACTIONS = [
  'HangupCall',
  'CompleteTask',
  'TransferTask',
  'CancelTransfer',
  'WrapupTask',
  'KickParticipant',
  'EndConferenceForAll',
  'StartExternalWarmTransfer',
];

export interface ActionCall {
  name: string;
  sid: unknown;
  payload: any; // as Flex passed it: untyped, like Flex's ActionPayload
  /** The plugin's records at the moment Flex ran the action's implementation. */
  records: Record<string, ReservationRecord>;
}

export type FlexStore = Store & { addReducer(name: string, reducer: Reducer): void };

export interface FlexStage {
  Flex: FlexRuntime;
  store: FlexStore;
  /** What happened, in order: fake Flex action implementations and TaskRouter writes. */
  timeline: string[];
  actionCalls: ActionCall[];
  failAction(name: string, error: unknown): void;
  /** Called as a faked action's implementation runs (after Flex's before-listeners). */
  onActionRun?: (call: ActionCall) => void;
  /** Subscriptions to the store made since the stage was built and not yet removed. */
  activeStoreSubscriptions(): number;
  /** What Flex's conference listener dispatches: the participants of one task's conference. */
  setConference(taskSid: string, participants: ParticipantSpec[]): void;
}

export interface ParticipantSpec {
  type: 'customer' | 'worker' | 'external' | 'supervisor';
  callSid: string;
  workerSid?: string;
  status?: 'joined' | 'left';
  connecting?: boolean;
}

let flex: FlexRuntime | undefined;
let current: { stage: FlexStage; failures: Map<string, unknown> } | undefined;

/**
 * Loads the real Flex UI once per test file. `Flex.Actions` is a module singleton and a
 * `replaceAction` cannot be undone, so the fakes are installed here once and report to the
 * stage built last.
 */
export function loadFlex(): FlexRuntime {
  if (flex) return flex;
  flex = require('@twilio/flex-ui') as FlexRuntime; // required lazily: loading Flex takes ~2 s
  for (const name of TWILIO_BOUND_ACTIONS) flex.Actions.replaceAction(name, recordingFake(name));
  return flex;
}

/** Registers an action Flex does not have (a contact center's own), implemented by a recording fake. */
export function registerFakeAction(name: string): void {
  loadFlex().Actions.registerAction(name, recordingFake(name));
}

function recordingFake(name: string) {
  return async (payload: any): Promise<void> => { // any: Flex's ActionPayload
    if (!current) return;
    const { stage, failures } = current;
    const call = { name, sid: payload?.sid, payload, records: { ...stage.store.getState().hangUpBy?.records } };
    stage.actionCalls.push(call);
    stage.timeline.push(`${name} ${payload?.sid}`);
    stage.onActionRun?.(call);
    if (failures.has(name)) throw failures.get(name);
  };
}

/** Flex's real store (FlexReducer, Flex middleware, the enhancer that adds `addReducer`), made current. */
export function createFlexStage(timeline: string[] = []): FlexStage {
  const Flex = loadFlex();
  const store = createStore(
    combineReducers({ flex: Flex.FlexReducer }),
    compose(applyMiddleware(...Flex.getFlexMiddleware()), Flex.flexStoreEnhancer),
  ) as FlexStore;
  // Flex's actions read its store through an internal FlexModule: without this, invokeAction
  // rejects with "FlexModule not initialized". This is what Manager does at start-up.
  Flex.Manager.prototype.configureReduxStore.call({ _store: store });

  const subscriptions = countSubscriptions(store);

  const failures = new Map<string, unknown>();
  const stage: FlexStage = {
    Flex,
    store,
    timeline,
    actionCalls: [],
    failAction: (name, error) => failures.set(name, error),
    activeStoreSubscriptions: subscriptions.active,
    setConference(taskSid, participants) {
      const conference = {
        sid: taskSid,
        participants: participants.map(
          (p) =>
            new Flex.ConferenceParticipant({
              type: p.type,
              connecting: p.connecting,
              mediaProperties: { status: p.status ?? 'joined', callSid: p.callSid },
              routingProperties: p.workerSid ? { workerSid: p.workerSid } : undefined,
            }),
        ),
      };
      store.dispatch({ type: 'CONFERENCE_MULTIPLE_UPDATE', payload: { conferences: [conference] } });
    },
  };
  current = { stage, failures };
  return stage;
}

export interface HarnessOptions {
  /** `manager.configuration.hangUpBy`. */
  config?: object;
  /** Shared with an earlier harness to stand for a page reload. */
  storage?: MemoryStorage;
  router?: FakeTaskRouter;
  clock?: ManualClock;
  worker?: FakeWorker;
  extensions?: Extension[];
}

export interface Harness extends FlexStage {
  clock: ManualClock;
  storage: MemoryStorage;
  router: FakeTaskRouter;
  worker: FakeWorker;
  device: FakeDevice;
  /** `manager.events`: Flex's real emitter, on which Flex reports action failures ("flexError"). */
  events: EventEmitter;
  window: CountingWindow;
  log: MemoryLog;
  installation: Installation;
  /** A reservation offered to this worker and accepted. */
  acceptCall(spec?: ReservationSpec): FakeReservation;
  record(reservationSid: string): ReservationRecord | undefined;
  invoke(action: string, payload: object): Promise<unknown>;
  /** The page goes away: `uninstall()`. */
  stop(): void;
}

/** Installs the plugin into the real Flex store and Actions, over fake SDK objects. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new ManualClock();
  const timeline = options.router?.timeline ?? [];
  const stage = createFlexStage(timeline);
  const router = options.router ?? new FakeTaskRouter(clock, timeline);
  const storage = options.storage ?? new MemoryStorage();
  const worker = options.worker ?? new FakeWorker();
  const device = new FakeDevice();
  const events = stage.Flex.Manager.events;
  const window = new CountingWindow();
  const log = new MemoryLog();
  const manager = {
    store: stage.store,
    workerClient: worker,
    voiceClient: device,
    events,
    configuration: { hangUpBy: options.config ?? {} },
    serviceConfiguration: { account_sid: 'ACtest' },
  };
  const installation = install(stage.Flex as FlexLike, manager as ManagerLike, {
    clock,
    storage,
    window,
    log,
    random: () => 0.5,
    extensions: options.extensions,
  });
  if (!installation) throw new Error(`plugin not installed: ${JSON.stringify(log.lines)}`);
  // The sagas consume events once the persisted state is back (redux-persist rehydration).
  await settle();

  let stopped = false;
  const parts: Omit<Harness, keyof FlexStage> = {
    clock,
    storage,
    router,
    worker,
    device,
    events,
    window,
    log,
    installation,
    acceptCall: (spec) => worker.offerAndAccept(makeReservation(router, spec)),
    record: (sid) => stage.store.getState().hangUpBy?.records[sid],
    invoke: (action, payload) => stage.Flex.Actions.invokeAction(action, payload),
    stop() {
      if (!stopped) installation.uninstall();
      stopped = true;
    },
  };
  // The same object as the stage: the action fakes read `onActionRun` from it.
  return Object.assign(stage, parts);
}
