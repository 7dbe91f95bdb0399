import type { PayloadAction } from '@reduxjs/toolkit';
import type { AttributeTarget } from './outcomes';
import { isLaterVersion, needsRewrite, type WriteTrigger } from './reservationRecord';
import type { HangUpByState, ReservationRef, TaskRef, Timed } from './state';

// Reducers for the single attribute write of each reservation (outcomes.md "Write semantics").
// The write's progress is part of the record so that a reload can resume it.

type Act<P> = PayloadAction<P & Timed>;

export const writeReducers = {
  writeRequested(state: HangUpByState, action: Act<ReservationRef & { trigger: WriteTrigger }>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || record.write.status !== 'idle') return;
    record.write.status = 'requested';
    record.write.trigger = action.payload.trigger;
  },
  writeStarted(state: HangUpByState, action: Act<ReservationRef & { target: AttributeTarget }>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || (record.write.status !== 'requested' && record.write.status !== 'writing')) return;
    record.write.status = 'writing';
    record.write.target = action.payload.target;
  },
  writeAttemptFailed(
    state: HangUpByState,
    action: Act<ReservationRef & { attempt: number; reason: string; retryInMs: number }>,
  ) {
    const record = state.records[action.payload.reservationSid];
    if (!record || record.write.status !== 'writing') return;
    record.write.attempts = Math.max(record.write.attempts, action.payload.attempt);
    record.write.lastError = action.payload.reason;
  },
  writeSucceeded(state: HangUpByState, action: Act<ReservationRef & { attempts: number; version?: string }>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || record.write.status !== 'writing') return;
    const { attempts, version, at } = action.payload;
    Object.assign(record.write, { status: 'succeeded', attempts, doneAt: at, version });
  },
  /** The latest attributes already held the value: nothing written. */
  writeSkippedUnchanged(state: HangUpByState, action: Act<ReservationRef & { attempts: number; version?: string }>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || record.write.status !== 'writing') return;
    const { attempts, version, at } = action.payload;
    Object.assign(record.write, { status: 'unchanged', attempts, doneAt: at, version });
  },
  writeFailed(state: HangUpByState, action: Act<ReservationRef & { attempts: number; reason: string }>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || record.write.status !== 'writing') return;
    Object.assign(record.write, {
      status: 'failed',
      attempts: action.payload.attempts,
      lastError: action.payload.reason,
      doneAt: action.payload.at,
    });
  },
  /** After a reload an interrupted write is started over from its persisted target. */
  writeResumed(state: HangUpByState, action: Act<ReservationRef>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || (record.write.status !== 'writing' && record.write.status !== 'requested')) return;
    record.write.status = 'requested';
    record.write.trigger = 'resumedAfterReload';
  },
  /**
   * TaskRouter announced a change of the task (the SDK task's `updated` event). Kept for the
   * reservations that share their task, to tell at Complete whether another one overwrote them.
   */
  taskValueUpdated(
    state: HangUpByState,
    action: Act<TaskRef & { version: string; hangUpBy: string | null; destination?: string }>,
  ) {
    const { taskSid, version, hangUpBy, destination } = action.payload;
    for (const record of Object.values(state.records)) {
      if (record.taskSid !== taskSid || !record.sharesTask || record.status === 'completed') continue;
      if (record.taskValue && !isLaterVersion(version, record.taskValue.version)) continue;
      record.taskValue = destination === undefined ? { version, hangUpBy } : { version, hangUpBy, destination };
    }
  },
  /** Complete was pressed and another reservation of the call had changed the value: write it again, once. */
  rewriteRequested(state: HangUpByState, action: Act<ReservationRef & { found: string | null }>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || !needsRewrite(record)) return;
    Object.assign(record.write, { status: 'requested', trigger: 'overwrittenBeforeCompletion', attempts: 0, rewritten: true });
    delete record.write.lastError;
    delete record.write.doneAt;
  },
  recordsPruned(state: HangUpByState, action: Act<{ reservationSids: string[]; reason: string }>) {
    for (const sid of action.payload.reservationSids) delete state.records[sid];
  },
  completionHeld(_state: HangUpByState, _action: Act<ReservationRef & { budgetMs: number }>) {
    // The agent's Complete waits for the write, up to the budget. Visible in DevTools; no state.
  },
  completionReleased(
    _state: HangUpByState,
    _action: Act<ReservationRef & { waitedMs: number; writeStatus: string }>,
  ) {
    // The agent's Complete goes on: the write landed, or the budget ran out while it keeps trying.
  },
};
