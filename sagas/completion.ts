import type { PayloadAction } from '@reduxjs/toolkit';
import { put, select, takeEvery } from 'redux-saga/effects';
import { hangUpByActions as A, selectFinishedRecords, selectRecord } from '../slices/hangUpBySlice';
import type { ReservationRecord } from '../slices/reservationRecord';
import type { SagaServices } from './services';
import type { Saga } from './saga';

// When each reservation writes (outcomes.md "Write semantics"):
// - no transfer in or out: the reservation is the task's only one, so it writes as soon as its
//   call has ended; a completion this browser never sees (wrap-up timeout) still snapshots it;
// - a transfer in or out: another reservation shares the task, so it writes just before its own
//   completion (beforeCompleteTask), whatever order the agents complete in;
// - completed before any write (auto-complete, another tab): write at once, late but kept.

type Ref = PayloadAction<{ reservationSid: string }>;

function* onCallEnded(services: SagaServices, action: Ref): Saga {
  const record: ReservationRecord | undefined = yield select(selectRecord, action.payload.reservationSid);
  if (record && record.status === 'wrapping' && !record.tookPartInTransfer) {
    yield put(A.writeRequested({ reservationSid: record.reservationSid, trigger: 'callEnded', at: services.clock.now() }));
  }
}

function* onCompletionHeld(services: SagaServices, action: Ref): Saga {
  yield put(A.writeRequested({ reservationSid: action.payload.reservationSid, trigger: 'completing', at: services.clock.now() }));
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
  // takeEvery: each event concerns one reservation and each handler is a quick, guarded put.
  yield takeEvery(A.reservationWrappedUp.type, onCallEnded, services);
  yield takeEvery(A.completionHeld.type, onCompletionHeld, services);
  yield takeEvery(A.reservationCompleted.type, onCompleted, services);
  yield takeEvery(
    [A.writeSucceeded.type, A.writeSkippedUnchanged.type, A.writeFailed.type],
    pruneFinished,
    services,
  );
}
