import type { ReservationRecord } from './reservationRecord';

export interface HangUpByState {
  /** One record per accepted voice reservation of this worker, keyed by reservation sid. */
  records: Record<string, ReservationRecord>;
}

export const initialHangUpByState: HangUpByState = { records: {} };

/** Every event carries the time it happened; `prepare` fills it in when the dispatcher does not. */
export interface Timed {
  at: number;
}

export type At<P> = P & { at?: number };

export function timed<P extends object>(payload: At<P>): { payload: P & Timed } {
  return { payload: { ...payload, at: payload.at ?? Date.now() } };
}

export interface ReservationRef {
  reservationSid: string;
}

export interface TaskRef {
  taskSid: string;
}
