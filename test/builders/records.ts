import type { AnyAction } from 'redux';
import { hangUpByActions as A, hangUpByReducer, type RootWithHangUpBy } from '../../slices/hangUpBySlice';
import type { NewRecordFacts, ReservationRecord, WriteProgress } from '../../slices/reservationRecord';
import { initialHangUpByState, type HangUpByState } from '../../slices/state';

// Builders for the slice: a record in any status, a state or root holding records, and the
// "accepted" action that starts a record the way the routers do.

export const SID = 'WR00000000000000000000000000000001';
export const TASK = 'WT00000000000000000000000000000001';
export const AGENT_X = 'WKagentX';
export const AGENT_Y = 'WKagentY';
export const T0 = 1_700_000_000_000;

type RecordOverrides = Partial<Omit<ReservationRecord, 'write'>> & { write?: Partial<WriteProgress> };

/** An accepted inbound voice reservation, live, undecided, nothing written: override what matters. */
export function makeRecord(overrides: RecordOverrides = {}): ReservationRecord {
  const { write, ...rest } = overrides;
  return {
    reservationSid: SID,
    taskSid: TASK,
    direction: 'inbound',
    status: 'live',
    acceptedAt: T0,
    customerPresent: true,
    customerAnswered: true,
    transfer: null,
    sharesTask: false,
    consultFrom: null,
    transferrerPresent: false,
    voiceTrouble: null,
    decision: null,
    ...rest,
    write: { status: 'idle', attempts: 0, ...write },
  };
}

export function makeState(...records: ReservationRecord[]): HangUpByState {
  return { records: Object.fromEntries(records.map((r) => [r.reservationSid, r])) };
}

export function makeRoot(...records: ReservationRecord[]): Required<RootWithHangUpBy> {
  return { hangUpBy: makeState(...records) };
}

export function accepted(overrides: Partial<Omit<NewRecordFacts, 'at'>> & { at?: number } = {}) {
  return A.reservationAccepted({
    reservationSid: SID,
    taskSid: TASK,
    direction: 'inbound',
    incomingTransfer: null,
    at: T0,
    ...overrides,
  });
}

/** Runs actions through the real reducer. */
export function reduce(actions: AnyAction[], state: HangUpByState = initialHangUpByState): HangUpByState {
  return actions.reduce((s, action) => hangUpByReducer(s, action), state);
}
