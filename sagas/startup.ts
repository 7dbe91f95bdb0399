import { put, select, take } from 'redux-saga/effects';
import type { AnyAction } from 'redux';
import { hangUpByActions as A, selectAllRecords, selectLiveRecords, selectUnfinishedWrites } from '../slices/hangUpBySlice';
import type { ReservationRecord } from '../slices/reservationRecord';
import { pruneFinished } from './completion';
import type { SagaServices } from './services';
import type { Saga } from './saga';

const REHYDRATE = 'persist/REHYDRATE';

export interface StartupOptions {
  /** redux-persist key of the slice: start-up waits for its rehydration. */
  persistKey: string | null;
  /** Sids of the reservations the worker holds now; null when unknown (then nothing is pruned). */
  heldReservationSids(): string[] | null;
}

/**
 * Runs once per page load, after the persisted state is back:
 * 1. a call still live in the persisted state was lost with the page (outcomes.md rule 2);
 * 2. writes a reload interrupted are resumed from their persisted target;
 * 3. reservations the worker no longer holds were completed while the page was away: their
 *    write happens now (late, but the task keeps the value), then their records go;
 * 4. a call that ended with nothing written (state kept by an older version, which waited for
 *    Complete to write a transfer's value) writes now.
 */
export function* resumeAfterReload(services: SagaServices, options: StartupOptions): Saga {
  if (options.persistKey) {
    yield take((action: AnyAction) => action.type === REHYDRATE && action.key === options.persistKey);
  }
  const at = services.clock.now();
  const live: ReservationRecord[] = yield select(selectLiveRecords);
  for (const record of live) {
    yield put(A.callLostWhilePageAway({ reservationSid: record.reservationSid, at }));
  }
  const unfinished: ReservationRecord[] = yield select(selectUnfinishedWrites);
  for (const record of unfinished) {
    services.log.info(`[hang-up-by] ${record.reservationSid}: resuming a write interrupted by a reload`);
    yield put(A.writeResumed({ reservationSid: record.reservationSid, at }));
  }
  const held = options.heldReservationSids();
  if (held) {
    const all: ReservationRecord[] = yield select(selectAllRecords);
    for (const record of all) {
      if (!held.includes(record.reservationSid) && record.status !== 'completed') {
        yield put(A.reservationCompleted({ reservationSid: record.reservationSid, at }));
      }
    }
  }
  const ended: ReservationRecord[] = yield select(selectAllRecords);
  for (const record of ended) {
    if (record.status === 'wrapping' && record.write.status === 'idle') {
      yield put(A.writeRequested({ reservationSid: record.reservationSid, trigger: 'callEnded', at }));
    }
  }
  yield* pruneFinished(services);
}
