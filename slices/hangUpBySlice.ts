import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { callReducers } from './callReducers';
import { isWriteSettled, needsRewrite, type ReservationRecord } from './reservationRecord';
import { initialHangUpByState, type HangUpByState, type Timed } from './state';
import { writeReducers } from './writeReducers';

export const SLICE_NAME = 'hangUpBy';

type TimedReducer<P> = (state: HangUpByState, action: PayloadAction<P>) => void;

type WithPrepare<R> = {
  [K in keyof R]: R[K] extends TimedReducer<infer P>
    ? { reducer: R[K]; prepare: (payload: Omit<P, 'at'> & { at?: number }) => { payload: P } }
    : never;
};

/** Wraps each event reducer so that its action creator stamps `at` (the event's time) in `prepare`. */
function withTime<R extends Record<string, TimedReducer<never>>>(reducers: R): WithPrepare<R> {
  const out: Record<string, unknown> = {};
  for (const [name, reducer] of Object.entries(reducers)) {
    out[name] = {
      reducer,
      prepare: (payload: Partial<Timed>) => ({ payload: { ...payload, at: payload.at ?? Date.now() } }),
    };
  }
  return out as WithPrepare<R>;
}

const slice = createSlice({
  name: SLICE_NAME,
  initialState: initialHangUpByState,
  reducers: withTime({ ...callReducers, ...writeReducers }),
});

export const hangUpByActions = slice.actions;
export const hangUpByReducer = slice.reducer;

// Selectors: sagas read the state only through these.

export interface RootWithHangUpBy {
  [SLICE_NAME]?: HangUpByState;
}

const records = (root: RootWithHangUpBy): Record<string, ReservationRecord> => root[SLICE_NAME]?.records ?? {};

export const selectRecord = (root: RootWithHangUpBy, reservationSid: string): ReservationRecord | undefined =>
  records(root)[reservationSid];

export const selectAllRecords = (root: RootWithHangUpBy): ReservationRecord[] => Object.values(records(root));

export const selectLiveRecords = (root: RootWithHangUpBy): ReservationRecord[] =>
  selectAllRecords(root).filter((r) => r.status === 'live');

/** Writes that a reload interrupted, or that were requested and never started. */
export const selectUnfinishedWrites = (root: RootWithHangUpBy): ReservationRecord[] =>
  selectAllRecords(root).filter((r) => r.write.status === 'requested' || r.write.status === 'writing');

/** A record whose write is settled and whose reservation is completed has nothing left to do. */
export const selectFinishedRecords = (root: RootWithHangUpBy): ReservationRecord[] =>
  selectAllRecords(root).filter((r) => r.status === 'completed' && isWriteSettled(r.write));

/** Whether a record of this browser shares this task with another reservation and is not completed yet. */
export const selectSharesTask = (root: RootWithHangUpBy, taskSid: string): boolean =>
  selectAllRecords(root).some((r) => r.taskSid === taskSid && r.sharesTask && r.status !== 'completed');

/**
 * Complete may go on: the write is settled and no second write is due (another reservation of
 * the call overwrote the value after this one's write).
 */
export const selectCompletionReady = (root: RootWithHangUpBy, reservationSid: string): boolean => {
  const record = selectRecord(root, reservationSid);
  return !record || (isWriteSettled(record.write) && !needsRewrite(record));
};
