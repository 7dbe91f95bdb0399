// The first import: the process shim and the timer ledger come before Flex evaluates.
import { ledger } from './prelude';
import * as Flex from '@twilio/flex-ui';
import React from 'react';
import ReactDOM from 'react-dom';
import * as ReactRedux from 'react-redux';
import * as Redux from 'redux';
import { SIMULATED_ACTIONS } from '../../simulatedActions';
import type { BootInfo, CallReply, Delivery, WireError } from '../protocol';
import { askNode, invoking, playground, report, settlePage } from './bridge';
import type { ConferenceParty, ControlsDeps, ReservationView } from './controls';
import { Mirrors, toError, type Mirror } from './mirrors';
import { actionTap, playgroundAgents, reportToConsole, showEnded } from './playground';
import { renderStatus } from './view';
import { VoiceDevice } from './voice';

/**
 * What hosted Flex gives a plugin, in a page of our own: Flex's npm package as `Twilio.Flex`, the
 * React, ReactDOM, Redux and ReactRedux globals at the versions Flex 2.17 ships, Flex's store as
 * Flex builds it, a Manager whose TaskRouter, Voice and workspace clients reach the local contact
 * center, and Flex's own plugin manager loading the built bundle with a script tag.
 */

type AnyStore = Redux.Store & { addReducer?: unknown };
type PluginDefinition = { name: string; version: string; src: string; phase: number; uuid: string; state: string };
type PluginManager = {
  setup(flex: unknown, manager: unknown): void;
  storePluginDefinition(plugins: PluginDefinition[]): void;
  createListener(callback: () => void): () => void;
  plugins: PluginDefinition[];
};

declare global {
  interface Window {
    __REDUX_DEVTOOLS_EXTENSION_COMPOSE__?: typeof Redux.compose;
  }
}

const w = window as unknown as Record<string, unknown>;
w.React = React;
w.ReactDOM = ReactDOM;
w.Redux = Redux;
w.ReactRedux = ReactRedux;
w.Twilio = { Flex };

/** Where the host's tap sends the plugin's actions (the playground's console; nobody in the browser engine). */
const tap: { current: ((action: Redux.AnyAction) => void) | null } = { current: null };

/** Flex's store: FlexReducer, Flex's middleware and enhancer (addReducer), Redux DevTools when present. */
function createFlexStore(): AnyStore {
  const compose = window.__REDUX_DEVTOOLS_EXTENSION_COMPOSE__ ?? Redux.compose;
  const enhancer = compose(Redux.applyMiddleware(...Flex.getFlexMiddleware(), actionTap(tap)), Flex.flexStoreEnhancer as Redux.StoreEnhancer);
  return Redux.createStore(Redux.combineReducers({ flex: Flex.FlexReducer as Redux.Reducer }), enhancer) as AnyStore;
}

/** Seeded Math.random (mulberry32): the plugin's backoff jitter is the same on every run. */
function seedRandom(seed: number): void {
  let state = seed >>> 0;
  Math.random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && '$error' in value;
}

/** Listeners that let an exception into Flex's action pipeline are reported (the runner checks none did). */
function guardListeners(agent: string): void {
  const actions = Flex.Actions as unknown as {
    addListener(event: string, listener: (...args: unknown[]) => unknown): void;
    removeListener(event: string, listener: (...args: unknown[]) => unknown): void;
  };
  const add = actions.addListener.bind(actions);
  const remove = actions.removeListener.bind(actions);
  const guards = new Map<unknown, (...args: unknown[]) => unknown>();
  const reportError = (event: string, how: string, error: unknown) =>
    void askNode({ kind: 'pipelineError', message: `${agent}: ${event} ${how}: ${String(error)}` }).catch(() => undefined);
  actions.addListener = (event, listener) => {
    const guard = (...args: unknown[]) => {
      try {
        const result = listener(...args);
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          return (result as Promise<unknown>).catch((error) => {
            reportError(event, 'rejected', error);
            throw error;
          });
        }
        return result;
      } catch (error) {
        reportError(event, 'threw', error);
        throw error;
      }
    };
    guards.set(listener, guard);
    add(event, guard);
  };
  actions.removeListener = (event, listener) => {
    const guard = guards.get(listener);
    if (guard) remove(event, guard);
    guards.delete(listener);
  };
}

/** Flex's own plugin manager (exported by the npm package, not in its types) loads the bundle. */
async function loadPlugin(info: BootInfo, manager: Flex.Manager): Promise<string | undefined> {
  const plugins = (Flex as unknown as { Plugins: PluginManager }).Plugins;
  plugins.setup(w.Twilio && (w.Twilio as { Flex: unknown }).Flex, manager);
  const uuid = `${info.pluginName}-${info.agent}`;
  // As hosted Flex's loader stores what its plugin service lists: phase 3, not started.
  plugins.storePluginDefinition([{ name: info.pluginName, version: info.pluginVersion, src: info.pluginUrl, phase: 3, uuid, state: 'NotStarted' }]);
  const settled = new Promise<string>((resolve) => {
    const stop = plugins.createListener(() => {
      const state = plugins.plugins.find((p) => p.uuid === uuid)?.state;
      if (state === 'Initialized' || state === 'Failed') {
        stop();
        resolve(state);
      }
    });
  });
  const script = document.createElement('script');
  script.setAttribute('uuid', uuid);
  script.src = info.pluginUrl;
  script.async = true;
  const loaded = new Promise<string | undefined>((resolve) => {
    script.onerror = () => resolve(`could not load ${info.pluginUrl}`);
    script.onload = () => resolve(undefined);
  });
  document.body.appendChild(script);
  const loadError = await loaded;
  if (loadError) return loadError;
  const state = await settled;
  return state === 'Initialized' ? undefined : `Flex reports the plugin ${state}`;
}

async function boot(): Promise<void> {
  const info = await askNode<BootInfo>({ kind: 'boot' });
  seedRandom(info.seed);
  const mirrors = new Mirrors((target, method, args) => askNode<CallReply>({ kind: 'call', target, method, args }));
  const worker = mirrors.mirror(info.worker);
  const device = new VoiceDevice();
  const store = createFlexStore();

  // A Manager as Flex.Manager.create makes one after login, minus the login: the constructor
  // initialises Flex's internal module on this store (Actions need it) and the configuration.
  const manager = new Flex.Manager({ hangUpBy: info.config } as unknown as Flex.Config, store as never);
  // As Manager.create does: the instance on Flex's Manager class (what Flex's own code gets from
  // getInstance) and its proxy on the exported class (what a plugin gets from getInstance).
  const exported = Flex.Manager as unknown as { createProxiedInstance(): void };
  (Object.getPrototypeOf(Flex.Manager) as { _instance: Flex.Manager })._instance = manager;
  exported.createProxiedInstance();
  (manager as unknown as { _serviceConfiguration: object })._serviceConfiguration = { account_sid: info.accountSid, ui_attributes: {} };
  Object.defineProperties(manager, {
    workerClient: { value: worker },
    voiceClient: { value: device },
    workspaceClient: {
      value: {
        fetchTask: async (taskSid: string) => {
          const reply = await askNode<CallReply>({ kind: 'fetchTask', taskSid });
          if (isWireError(reply)) throw toError(reply);
          return mirrors.decode(reply.result) as Mirror;
        },
      },
    },
  });

  // The Twilio-bound actions go to the contact center; Flex's before/after listeners run around them here.
  for (const name of SIMULATED_ACTIONS) {
    Flex.Actions.replaceAction(name as never, async (payload: unknown) => {
      const reply = await askNode<unknown>({ kind: 'action', name, payload: mirrors.encode(payload) });
      if (isWireError(reply)) throw toError(reply);
    });
  }
  guardListeners(info.agent);

  // The playground's page re-renders its controls after each batch (the worker's mirrors change).
  const delivered = new Set<() => void>();
  const deliver = (message: Delivery): void => {
    switch (message.kind) {
      case 'emit':
        mirrors.mirror(message.target).emit(message.event, ...(mirrors.decode(message.args) as unknown[]));
        return;
      case 'sync':
        mirrors.mirror(message.target);
        return;
      case 'conference':
        store.dispatch({
          type: 'CONFERENCE_MULTIPLE_UPDATE',
          payload: { conferences: [{ sid: message.taskSid, status: 'active', participants: message.participants }] },
        });
        return;
      case 'connectCall':
        device.connect(message.reservationSid, message.callSid);
        return;
      case 'dropCall':
        device.drop(message.reservationSid, message.failure);
        return;
      case 'managerEvent':
        manager.events.emit(message.name as never, ...(mirrors.decode(message.args) as never[]));
        return;
    }
  };

  window.__hangUpByHost = {
    async deliver(messages) {
      for (const message of messages) {
        try {
          deliver(message);
        } catch (error) {
          // An SDK emitter would throw this into the SDK's own code: the runner reports it.
          void askNode({ kind: 'pipelineError', message: `${info.agent}: ${message.kind} ${'event' in message ? message.event : ''} threw: ${String(error)}` });
        }
      }
      await settlePage();
      for (const listener of delivered) listener();
      return report(ledger.next());
    },
    async invoke(action, payload) {
      await invoking(() => Flex.Actions.invokeAction(action as never, mirrors.decode(payload) as never));
    },
    async settle() {
      await settlePage();
      return report(ledger.next());
    },
    afterRun() {
      ledger.afterRun(Date.now());
      return report(ledger.next());
    },
  };

  const transport = playground();
  let controls: ControlsDeps | undefined;
  if (transport) {
    transport.onEnded = showEnded;
    reportToConsole(transport, store, tap);
    const config = (info.config ?? {}) as { externalColdTransferAction?: string };
    controls = {
      agent: info.agent,
      agents: playgroundAgents,
      reservations: () => [...((worker.reservations as Map<string, Mirror> | undefined) ?? new Map<string, Mirror>()).values()] as unknown as ReservationView[],
      participants: (taskSid) => {
        const states = (store.getState() as { flex?: { conferences?: { states?: Map<string, { source?: { participants?: ConferenceParty[] } }> } } }).flex?.conferences?.states;
        return states?.get(taskSid)?.source?.participants ?? [];
      },
      invoke: (action, payload) => Flex.Actions.invokeAction(action as never, payload as never),
      externalColdAction: config.externalColdTransferAction ?? 'StartExternalColdTransfer',
      subscribe: (listener) => {
        delivered.add(listener);
        const unsubscribe = store.subscribe(listener);
        return () => {
          delivered.delete(listener);
          unsubscribe();
        };
      },
    };
  }
  const root = document.getElementById('root');
  if (root) renderStatus(root, store, info.agent, info.workerSid, controls);
  const failed = await loadPlugin(info, manager);
  await askNode({ kind: 'ready', ...(failed ? { failed } : {}) });
}

boot().catch((error: unknown) => {
  void askNode({ kind: 'ready', failed: `the page did not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}` }).catch(
    () => undefined,
  );
});
