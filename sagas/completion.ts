import type { PayloadAction } from '@reduxjs/toolkit';
import type { AnyAction } from 'redux';
import { put, select, take, takeEvery } from 'redux-saga/effects';
import { hangUpByActions as A, selectFinishedRecords, selectRecord } from '../slices/hangUpBySlice';
import { isWriteSettled, needsRewrite, type ReservationRecord } from '../slices/reservationRecord';
import type { SagaServices } from './services';
import type { Saga } from './saga';

// When each reservation writes (outcomes.md "Write semantics", "When"):
// - every reservation writes as soon as its call has ended (wrap-up), transfer or not: a
//   completion this browser never sees (a wrap-up timeout, a backend) still snapshots the value;
// - a reservation that shares its task (an internal transfer in or out) checks again when its
//   agent clicks Complete: if another reservation changed the value after this one's write, it
//   writes once more. That is known from TaskRouter's own task updates, so in the common case
//   Complete waits for nothing;
// - completed before any write (auto-complete, another tab): write at once, late but kept.

type Ref = PayloadAction<{ reservationSid: string }>;

const SETTLED = [A.writeSucceeded.type, A.writeSkippedUnchanged.type, A.writeFailed.type];

function* onCallEnded(services: SagaServices, action: Ref): Saga {
  const record: ReservationRecord | undefined = yield select(selectRecord, action.payload.reservationSid);
  if (record && record.status === 'wrapping') {
    yield put(A.writeRequested({ reservationSid: record.reservationSid, trigger: 'callEnded', at: services.clock.now() }));
  }
}

function* onCompletionHeld(services: SagaServices, action: Ref): Saga {
  const { reservationSid } = action.payload;
  let record: ReservationRecord | undefined = yield select(selectRecord, reservationSid);
  if (!record) return;
  if (record.write.status === 'idle') {
    yield put(A.writeRequested({ reservationSid, trigger: 'completing', at: services.clock.now() }));
    return;
  }
  if (!isWriteSettled(record.write)) {
    // The first write is still under way: check once it lands (the gate waits meanwhile), or
    // stop waiting when the reservation completes (then there is nothing left to save).
    const ends = [...SETTLED, A.reservationCompleted.type];
    yield take((a: AnyAction) => ends.includes(a.type) && a.payload?.reservationSid === reservationSid);
    record = yield select(selectRecord, reservationSid);
  }
  if (record && needsRewrite(record)) {
    yield put(A.rewriteRequested({ reservationSid, found: record.taskValue?.hangUpBy ?? null, at: services.clock.now() }));
  }
}

function* onCompleted(services: SagaServices, action: Ref): Saga {
  const record: ReservationRecord | undefined = yield select(selectRecord, action.payload.reservationSid);
  if (record?.write.status === 'idle') {
    yield put(A.writeRequested({ reservationSid: record.reservationSid, trigger: 'completedElsewhere', at: services.clock.now() }));
  }
  yield* pruneFinished(services);
}

/** Records are kept until their reservation is completed and their write is settled. */
export function* pruneFinished(services: SagaServices): Saga {
  const finished: ReservationRecord[] = yield select(selectFinishedRecords);
  if (finished.length === 0) return;
  yield put(
    A.recordsPruned({ reservationSids: finished.map((r) => r.reservationSid), reason: 'completedAndWritten', at: services.clock.now() }),
  );
}

export function* watchCompletion(services: SagaServices): Saga {
  // takeEvery: each event concerns one reservation and each handler is a quick, guarded put
  // (a held completion may wait for its own write to land, which blocks nothing else).
  yield takeEvery(A.reservationWrappedUp.type, onCallEnded, services);
  yield takeEvery(A.completionHeld.type, onCompletionHeld, services);
  yield takeEvery(A.reservationCompleted.type, onCompleted, services);
  yield takeEvery(SETTLED, pruneFinished, services);
}
