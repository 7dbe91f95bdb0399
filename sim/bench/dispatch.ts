import { EventEmitter } from 'events';
import { install, type ManagerLike } from '../../src/install';
import { hangUpByActions } from '../../slices/hangUpBySlice';
import { SimDevice } from '../browser';
import { createFlexStore, loadFlex } from '../flexHost';
import { MemoryStorage } from '../storage';
import { SimWorker } from '../taskrouter';

/**
 * What the plugin adds to every dispatch on Flex's store: the same Flex store (FlexReducer,
 * Flex's middleware and enhancer) without and with the plugin installed, with 0, 5 and 50 live
 * records, for Flex actions that change no state and ones that do. Median of repeats, the two
 * stores measured in turn so that a busy machine slows both alike.
 */

type Store = ReturnType<typeof createFlexStore>;

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function pluginStore(records: number): Store {
  const flex = loadFlex();
  const store = createFlexStore(flex);
  const manager: ManagerLike = {
    store,
    workerClient: new SimWorker('WKbench'),
    voiceClient: new SimDevice(),
    events: new EventEmitter(),
    configuration: { hangUpBy: {} },
    serviceConfiguration: { account_sid: 'ACbench' },
  };
  const installation = install({ Actions: flex.Actions as never }, manager, { log: silent, storage: new MemoryStorage(), window: new EventTarget() as never });
  if (!installation) throw new Error('the plugin did not install');
  const conferences = [];
  for (let i = 0; i < records; i++) {
    const taskSid = `WTmine${i}`;
    installation.dispatch(hangUpByActions.reservationAccepted({ reservationSid: `WRmine${i}`, taskSid, direction: 'inbound', incomingTransfer: null }));
    conferences.push({ sid: taskSid, status: 'active', participants: [{ participantType: 'customer', status: 'joined', callSid: `CAc${i}` }, { participantType: 'worker', status: 'joined', workerSid: 'WKbench', callSid: `CAw${i}` }] });
  }
  store.dispatch({ type: 'CONFERENCE_MULTIPLE_UPDATE', payload: { conferences } });
  // Leave the uninstall to process exit: the benchmark's stores live as long as it runs.
  return store;
}

function plainStore(records: number): Store {
  const store = createFlexStore(loadFlex());
  const conferences = Array.from({ length: records }, (_, i) => ({ sid: `WTmine${i}`, status: 'active', participants: [] }));
  store.dispatch({ type: 'CONFERENCE_MULTIPLE_UPDATE', payload: { conferences } });
  return store;
}

/**
 * The least a plugin with a slice of its own on Flex's store can cost: a reducer that returns
 * its state and one subscriber that reads one value. What the plugin adds beyond this is its own.
 */
function floorStore(records: number): Store {
  const store = plainStore(records);
  store.addReducer('floor', (state: unknown = {}) => state);
  let last: unknown;
  store.subscribe(() => {
    last = store.getState()?.flex?.conferences?.states;
  });
  return store;
}

export interface DispatchCase {
  name: string;
  /** The action for dispatch number `i` (a new object each time, as Flex makes them). */
  action(i: number): { type: string; payload?: unknown };
}

export const DISPATCH_CASES: DispatchCase[] = [
  // No reducer of Flex's handles it: the state stays the same object.
  { name: 'Flex action, no state change', action: () => ({ type: 'FLEX_BENCH_UNHANDLED', payload: { at: 1 } }) },
  // A conference of another agent's call changes: Flex's state changes, the plugin's watch runs.
  {
    name: 'Flex action, state change (another call’s conference)',
    action: (i) => ({
      type: 'CONFERENCE_MULTIPLE_UPDATE',
      payload: { conferences: [{ sid: `WTother${i % 20}`, status: 'active', participants: [{ participantType: 'customer', status: i % 2 ? 'joined' : 'left', callSid: `CAo${i % 20}` }] }] },
    }),
  },
];

function nsPerDispatch(store: Store, make: DispatchCase['action'], n: number): number {
  const actions = Array.from({ length: n }, (_, i) => make(i));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) store.dispatch(actions[i]);
  return Number(process.hrtime.bigint() - t0) / n;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export interface DispatchFigure {
  records: number;
  case: string;
  /** Nanoseconds per dispatch: Flex's store alone, with a do-nothing slice and subscriber, with the plugin. */
  withoutUs: number;
  floor: number;
  withUs: number;
}

export function measureDispatch(repeats = 9, n = 20_000): DispatchFigure[] {
  const figures: DispatchFigure[] = [];
  for (const records of [0, 5, 50]) {
    const stores = [plainStore(records), floorStore(records), pluginStore(records)];
    for (const c of DISPATCH_CASES) {
      // Warm all up (JIT), then take turns.
      for (const store of stores) nsPerDispatch(store, c.action, n);
      const times: number[][] = stores.map(() => []);
      for (let r = 0; r < repeats; r++) stores.forEach((store, i) => times[i].push(nsPerDispatch(store, c.action, n)));
      figures.push({ records, case: c.name, withoutUs: median(times[0]), floor: median(times[1]), withUs: median(times[2]) });
    }
  }
  return figures;
}
