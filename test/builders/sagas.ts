import type { AnyAction } from 'redux';
import { combineReducers } from 'redux';
import type { Task } from 'redux-saga';
import { call, cancel, fork, put, select, take } from 'redux-saga/effects';
import { hangUpByReducer, type RootWithHangUpBy } from '../../slices/hangUpBySlice';
import { watchCompletion } from '../../sagas/completion';
import type { SagaServices } from '../../sagas/services';
import { watchWriteRequests } from '../../sagas/writeAttributes';
import { macrotask } from './services';
import type { Saga } from '../../sagas/saga';

// The harness for saga tests: the real reducer under the key the selectors read, a driver saga
// that plays steps against forked watchers, and a way to read back what was put.

export const rootReducer = combineReducers({ hangUpBy: hangUpByReducer });
export type Root = Required<RootWithHangUpBy>;

type Watcher = (services: SagaServices) => Saga;

export type Step =
  | AnyAction
  /** Waits until the state satisfies this (checked now, then after every action). */
  | { until: (root: Root) => boolean }
  /** Runs a saga to its end (resumeAfterReload, a router). */
  | { run: Watcher };

function* waitUntil(predicate: (root: Root) => boolean): Saga {
  for (;;) {
    const root: Root = yield select();
    if (predicate(root)) return;
    yield take('*');
  }
}

/**
 * Forks the watchers, plays the steps (each action put, then one macrotask so that every handler
 * it triggered has run), then stops the watchers, so `expectSaga` ends as soon as the story does.
 */
export function* playSteps(
  services: SagaServices,
  steps: Step[],
  watchers: Watcher[] = [watchWriteRequests, watchCompletion],
): Saga {
  const tasks: Task[] = [];
  for (const watcher of watchers) tasks.push(yield fork(watcher, services));
  for (const step of steps) {
    if ('until' in step) {
      yield* waitUntil(step.until);
    } else if ('run' in step) {
      yield call(step.run, services);
    } else {
      yield put(step as AnyAction);
      yield call(macrotask);
    }
  }
  yield call(macrotask);
  yield cancel(tasks);
}

/** The actions the saga put, in order, from an `expectSaga` run result. */
export function putActions(result: { effects: { put?: Array<{ payload: { action: AnyAction } }> } }): AnyAction[] {
  return (result.effects.put ?? []).map((effect) => effect.payload.action);
}

export function putsOfType(result: Parameters<typeof putActions>[0], type: string): AnyAction[] {
  return putActions(result).filter((action) => action.type === type);
}
