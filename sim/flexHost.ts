/**
 * The real @twilio/flex-ui, loaded once per process: its Actions framework, reducer, middleware
 * and store enhancer are Flex's own. Only the actions that would talk to Twilio are replaced
 * (`Actions.replaceAction`), and they hand over to the simulated contact center.
 */

import { SIMULATED_ACTIONS } from './simulatedActions';

export type FlexModule = typeof import('@twilio/flex-ui');

export type ActionHandler = (name: string, payload: any) => Promise<void>;

export { SIMULATED_ACTIONS };

let flex: FlexModule | null = null;
let handler: ActionHandler | null = null;

/** Sees every action dispatched on an agent's Flex store (properties and the benchmark read the plugin's story). */
export type ActionTap = (state: unknown, action: { type: string; payload?: any }) => void; // any: every action's own payload
let tap: ActionTap | null = null;

/** Sets the tap of the contact center now being simulated (one at a time, as the action handler). */
export function setActionTap(next: ActionTap | null): void {
  tap = next;
}

function installDomGlobals(): void {
  if (typeof window !== 'undefined') return;
  // Outside jest (the CLI), Flex needs a DOM: give it jsdom's window as the globals.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { JSDOM, VirtualConsole } = require('jsdom') as typeof import('jsdom');
  // Flex decorates `window.console` and announces it; a silent virtual console keeps stdout for
  // the simulator's own table (and --json).
  const dom = new JSDOM('<!doctype html><html><body></body></html>', {
    url: 'http://localhost/',
    pretendToBeVisual: true,
    virtualConsole: new VirtualConsole(),
  });
  const g = globalThis as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(dom.window)) {
    if (key in g) continue;
    try {
      g[key] = (dom.window as unknown as Record<string, unknown>)[key];
    } catch {
      // a few window properties are getters that refuse to be copied; Flex does not need them
    }
  }
}

function quietFlexConsole<T>(load: () => T): T {
  // Flex announces its loggers on load; the simulator's output is its table.
  const original = { log: console.log, info: console.info, debug: console.debug };
  console.log = console.info = console.debug = () => undefined;
  try {
    return load();
  } finally {
    Object.assign(console, original);
  }
}

interface TelemetryGroup {
  stopProgrammabilityGrouping(): void;
  disableTelemetry(): void;
}

/**
 * Flex keeps its programmability telemetry (every listener a plugin adds or removes, every
 * `manager.events` listener) in a group until its root container mounts, then sends it and groups
 * no more; each report copies the group. Without a root container the group grows for the life of
 * the process, and this engine installs the plugin thousands of times in one process (a soak):
 * every install would cost more than the last. The group object is internal to Flex's bundle, so
 * it is caught as Flex constructs it, by the field it sets, and treated as hosted Flex treats it
 * at mount; with no Twilio connection here, its telemetry is disabled.
 */
function withTelemetryGroupsStopped<T>(load: () => T): T {
  const groups: TelemetryGroup[] = [];
  Object.defineProperty(Object.prototype, 'eventGroupEnabled', {
    configurable: true,
    get: () => undefined,
    set(this: TelemetryGroup, value: unknown) {
      Object.defineProperty(this, 'eventGroupEnabled', { value, writable: true, configurable: true, enumerable: true });
      groups.push(this);
    },
  });
  try {
    return load();
  } finally {
    delete (Object.prototype as Record<string, unknown>).eventGroupEnabled;
    for (const group of groups) {
      group.disableTelemetry?.();
      group.stopProgrammabilityGrouping?.();
    }
    stoppedTelemetryGroups = groups.length;
  }
}

/** How many telemetry groups Flex made at load (one; a test checks the catch still works). */
export let stoppedTelemetryGroups = 0;

export function loadFlex(): FlexModule {
  if (flex) return flex;
  installDomGlobals();
  const media = (globalThis as any).HTMLMediaElement?.prototype;
  if (media) {
    // jsdom has no media playback; Flex plays ringtones at load.
    media.play = () => Promise.resolve();
    media.pause = () => undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const loaded = quietFlexConsole(() => withTelemetryGroupsStopped(() => require('@twilio/flex-ui') as FlexModule));
  // Flex's Actions framework records invocations in Flex's store through its internal FlexModule,
  // which Manager initialises on login. The simulator has no login: initialise it the same way,
  // on a store of its own (each agent's browser gets its own store besides).
  const frameworkStore = createFlexStore(loaded);
  (loaded.Manager.prototype as any).configureReduxStore.call({ _store: frameworkStore });
  for (const name of SIMULATED_ACTIONS) {
    loaded.Actions.replaceAction(name, async (payload: any) => {
      if (!handler) throw new Error(`no simulated contact center for ${name}`);
      await handler(name, payload);
    });
  }
  flex = loaded;
  return loaded;
}

/** A Flex store as Flex builds it: FlexReducer, Flex's middleware, and the enhancer (addReducer). */
export function createFlexStore(f: FlexModule) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { applyMiddleware, combineReducers, compose, createStore } = require('redux') as typeof import('redux');
  // The tap gets the store's state before the action: the runner tells agents apart by it.
  const tapping = (api: { getState(): unknown }) => (next: (action: any) => unknown) => (action: any) => { // any: redux middleware over Flex's actions
    if (tap) tap(api.getState(), action);
    return next(action);
  };
  const store = createStore(
    combineReducers({ flex: f.FlexReducer }),
    compose(applyMiddleware(tapping, ...f.getFlexMiddleware()), f.flexStoreEnhancer) as any,
  ) as any;
  return store;
}

/** Routes the replaced actions to the contact center now being simulated (one at a time). */
export function setActionHandler(next: ActionHandler | null): void {
  handler = next;
}

/** Registers an action if Flex has none by that name (as a contact center's own would be). */
export function ensureAction(name: string): void {
  const f = loadFlex();
  try {
    f.Actions.registerAction(name, async (payload: any) => {
      if (!handler) throw new Error(`no simulated contact center for ${name}`);
      await handler(name, payload);
    });
  } catch {
    // already registered
  }
}
