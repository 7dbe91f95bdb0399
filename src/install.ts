import type { AnyAction, Reducer, Store } from 'redux';
import type { PersistConfig, Storage } from 'redux-persist';
// One module each, not the package index, which brings every helper of the package along
// (the build maps lib/ to the package's ES modules, see webpack.config.js).
import getStoredState from 'redux-persist/lib/getStoredState';
import persistReducer from 'redux-persist/lib/persistReducer';
import persistStore from 'redux-persist/lib/persistStore';
import createWebStorage from 'redux-persist/lib/storage/createWebStorage';
import { CANCEL, runSaga, stdChannel, type SagaMiddleware, type Task } from 'redux-saga';
import type { EventSource } from '../sagas/events';
import { rootSaga, type Router } from '../sagas/rootSaga';
import type { Clock, HangUpByConfig, Logger, SagaServices } from '../sagas/services';
import { hangUpByReducer, selectAllRecords, SLICE_NAME, type RootWithHangUpBy } from '../slices/hangUpBySlice';
import { createMigrate, PERSIST_VERSION } from '../slices/persistence';
import type { HangUpByState } from '../slices/state';
import { realClock } from './clock';
import { installCompletionGate } from './completionGate';
import { readConfig } from './config';
import { consoleLogger } from './logger';
import { conferenceSource, type StoreLike } from './sources/conference';
import { connectionSource } from './sources/connection';
import type { Emitter } from './sources/emitter';
import { flexActionSource, type ActionsLike } from './sources/flexActions';
import { flexErrorSource } from './sources/flexErrors';
import { pageSource, type WindowLike } from './sources/page';
import { reservationSource, type SdkWorker } from './sources/reservations';
import { voiceSource, type SdkDevice } from './sources/voice';
import { registerExternalColdTransfer, type ActionsRegistry } from './externalColdTransfer';
import { createTaskRouterApi, type SdkTask } from './taskApi';

/** The parts of Flex's `Manager` the plugin uses. */
export interface ManagerLike {
  store: Store & StoreLike & { addReducer(name: string, reducer: Reducer): void };
  workerClient?: SdkWorker;
  voiceClient?: SdkDevice;
  events: Emitter;
  configuration?: { hangUpBy?: unknown };
  serviceConfiguration?: { account_sid?: string; ui_attributes?: { hangUpBy?: unknown } };
  workspaceClient?: { fetchTask?(taskSid: string): Promise<SdkTask> };
}

export interface FlexLike {
  Actions: ActionsLike;
}

/** What the host may swap: the simulator passes its clock and storage; tests their logger. */
export interface InstallOptions {
  clock?: Clock;
  log?: Logger;
  storage?: Storage;
  window?: WindowLike;
  random?: () => number;
  /**
   * Self-hosted Flex with its own `configureStore`: the saga middleware it was built with.
   * Hosted Flex has no middleware hook, so by default the sagas run through `runSaga`.
   */
  sagaMiddleware?: SagaMiddleware;
  /** Your own event sources and routers (see the README, "Extending the plugin"). */
  extensions?: Extension[];
}

/**
 * An extension: event sources of its own (each adapts one emitter: register named handlers,
 * return the function that removes them) and a router for each event kind they emit, which
 * turns the event into hangUpBy story actions. Routers run in the plugin's saga, with its services.
 */
export interface Extension {
  name: string;
  sources?(context: { flex: FlexLike; manager: ManagerLike }): Array<EventSource<{ kind: string }>>;
  routers?: Record<string, Router>;
}

export interface Installation {
  config: HangUpByConfig;
  persistKey: string;
  /** Dispatches on Flex's store and to the plugin's sagas. */
  dispatch(action: AnyAction): AnyAction;
  /** Stops the sagas, removes every listener; persisted state stays for the next page load. */
  uninstall(): void;
  saga: Task;
}

// `h` and `p` first: Flex's own action types (upper case) are told apart by their first letter.
const isOwnAction = (type: unknown) =>
  typeof type === 'string' &&
  ((type.charCodeAt(0) === 104 && type.startsWith('hangUpBy/')) || (type.charCodeAt(0) === 112 && type.startsWith('persist/')));

/**
 * Flex's store runs every reducer on every one of Flex's own actions, and there are many (every
 * conference update, every view change). The slice handles only its own and redux-persist's:
 * for the rest the state stays as it is, without redux-persist copying it on the way through.
 */
function onlyOwnActions(reducer: Reducer): Reducer {
  return (state, action) => (state !== undefined && !isOwnAction(action.type) ? state : reducer(state, action));
}

/** The tasks this browser keeps records of, as a set rebuilt only when the records change. */
function watchedTasks(): (root: RootWithHangUpBy) => ReadonlySet<string> {
  let records: unknown;
  let tasks: ReadonlySet<string> = new Set();
  return (root) => {
    if (root?.[SLICE_NAME]?.records !== records) {
      records = root?.[SLICE_NAME]?.records;
      tasks = new Set(selectAllRecords(root).map((r) => r.taskSid));
    }
    return tasks;
  };
}

function rawConfig(manager: ManagerLike): unknown {
  // `manager.configuration` carries ui_attributes merged with appConfig.js; read both for safety.
  return manager.configuration?.hangUpBy ?? manager.serviceConfiguration?.ui_attributes?.hangUpBy;
}

/** Adds the slice to Flex's store and starts the plugin. Returns null when disabled or unusable. */
export function install(flex: FlexLike, manager: ManagerLike, options: InstallOptions = {}): Installation | null {
  const log = options.log ?? consoleLogger;
  const clock = options.clock ?? realClock;
  const config = readConfig(rawConfig(manager), log);
  if (!config.enabled) {
    log.info('[hang-up-by] disabled by configuration');
    return null;
  }
  const worker = manager.workerClient;
  if (!worker) {
    log.warn('[hang-up-by] no TaskRouter worker in this Flex session: not started');
    return null;
  }
  const store = manager.store;
  const account = manager.serviceConfiguration?.account_sid ?? 'local';
  const persistKey = `${SLICE_NAME}:${account}:${worker.sid}`;
  const storage = options.storage ?? createWebStorage('local');

  const persistConfig: PersistConfig<HangUpByState> = {
    key: persistKey,
    storage,
    version: PERSIST_VERSION,
    migrate: createMigrate(log),
    // Unreadable storage (not JSON, quota, private mode) means starting empty, with a warning.
    getStoredState: (cfg) =>
      getStoredState(cfg).catch((error: unknown) => {
        log.warn('[hang-up-by] persisted state unreadable: starting empty', String(error));
        return undefined as any; // any: redux-persist types demand a state; undefined makes it rehydrate nothing
      }),
  };
  store.addReducer(SLICE_NAME, onlyOwnActions(persistReducer(persistConfig, hangUpByReducer) as unknown as Reducer));

  // Hosted Flex offers no middleware hook: the sagas run on Flex's store through runSaga, and
  // every action of the plugin goes through this dispatch so that the store (and DevTools) and
  // the sagas both see it.
  const channel = stdChannel();
  const dispatch = options.sagaMiddleware
    ? (action: AnyAction): AnyAction => store.dispatch(action)
    : (action: AnyAction): AnyAction => {
        const result = store.dispatch(action);
        channel.put(action);
        return result;
      };
  const persistor = persistStore({ ...store, dispatch } as Store);

  const services: SagaServices = {
    config,
    clock,
    log,
    taskApi: createTaskRouterApi({
      reservations: () => manager.workerClient?.reservations as Map<string, { sid: string; task?: SdkTask }> | undefined,
      fetchTask: manager.workspaceClient?.fetchTask ? (sid) => manager.workspaceClient!.fetchTask!(sid) : undefined,
    }),
    random: options.random ?? Math.random,
    flushPersistence: () => {
      persistor.flush().catch((error: unknown) => log.warn('[hang-up-by] could not persist state', String(error)));
    },
    tokenRefreshed: () => {
      // Cancellable: when the wait loses its race (or the saga stops) the listener goes too.
      let stop = () => undefined as void;
      const refreshed = new Promise<void>((resolve) => {
        const done = () => {
          stop();
          resolve();
        };
        stop = () => void manager.events.removeListener('tokenUpdated', done);
        manager.events.on('tokenUpdated', done);
      });
      return Object.assign(refreshed, { [CANCEL]: () => stop() });
    },
  };

  const targetWindow = options.window ?? (typeof window !== 'undefined' ? window : undefined);
  const sources: Array<EventSource<{ kind: string }>> = [
    reservationSource(worker),
    flexActionSource(flex.Actions, config.externalColdTransferAction),
    conferenceSource(store, worker.sid, watchedTasks()),
    connectionSource(manager.events),
    flexErrorSource(manager.events),
    ...(manager.voiceClient ? [voiceSource(manager.voiceClient)] : []),
    ...(targetWindow ? [pageSource(targetWindow)] : []),
  ];

  const extensions = options.extensions ?? [];
  for (const extension of extensions) {
    try {
      sources.push(...(extension.sources?.({ flex, manager }) ?? []));
    } catch (error) {
      log.error(`[hang-up-by] extension ${extension.name}: sources not added`, String(error));
    }
  }
  const sagaOptions = {
    sources,
    routers: Object.assign({}, ...extensions.map((e) => e.routers ?? {})) as Record<string, Router>,
    persistKey,
    heldReservationSids: () => [...(manager.workerClient?.reservations.keys() ?? [])],
  };
  const saga = options.sagaMiddleware
    ? options.sagaMiddleware.run(rootSaga, services, sagaOptions)
    : runSaga(
        { channel, dispatch, getState: () => store.getState(), onError: (error) => log.error('[hang-up-by] saga stopped', String(error)) },
        rootSaga,
        services,
        sagaOptions,
      );

  registerExternalColdTransfer(flex.Actions as ActionsRegistry, config.externalColdTransferAction, log);

  const removeGate = installCompletionGate({
    actions: flex.Actions,
    getState: () => store.getState(),
    subscribe: (listener) => store.subscribe(listener),
    dispatch,
    clock,
    log,
    budgetMs: () => config.completionBudgetMs,
  });

  log.info(`[hang-up-by] started (transferPolicy=${config.transferPolicy}, budget=${config.completionBudgetMs} ms)`);
  return {
    config,
    persistKey,
    dispatch,
    saga,
    uninstall() {
      removeGate();
      saga.cancel();
      persistor.pause();
    },
  };
}
