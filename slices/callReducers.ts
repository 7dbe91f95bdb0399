import type { PayloadAction } from '@reduxjs/toolkit';
import type { TransferMode } from './outcomes';
import {
  decide,
  newRecord,
  transferDecision,
  valueOnAgentLeaving,
  valueWhenUndecided,
  type NewRecordFacts,
  type ReservationRecord,
} from './reservationRecord';
import type { HangUpByState, ReservationRef, TaskRef, Timed } from './state';

// Reducers for what happens on the call. Each one is a guarded transition: an event for a
// reservation this browser does not hold, or one that arrives in the wrong status, is a no-op.

type Act<P> = PayloadAction<P & Timed>;

function live(state: HangUpByState, sid: string): ReservationRecord | undefined {
  const record = state.records[sid];
  return record && record.status === 'live' ? record : undefined;
}

function liveRecords(state: HangUpByState): ReservationRecord[] {
  return Object.values(state.records).filter((r) => r.status === 'live');
}

function liveOfTask(state: HangUpByState, taskSid: string): ReservationRecord[] {
  return liveRecords(state).filter((r) => r.taskSid === taskSid);
}

interface VoiceScope {
  reservationSids?: string[];
}

function scoped(state: HangUpByState, scope: VoiceScope): ReservationRecord[] {
  const all = liveRecords(state);
  return scope.reservationSids ? all.filter((r) => scope.reservationSids!.includes(r.reservationSid)) : all;
}

function agentLeft(record: ReservationRecord | undefined, evidence: string, at: number): void {
  if (!record) return;
  const value = valueOnAgentLeaving(record);
  if (value) decide(record, { ...value, evidence, at });
}

/**
 * Flex reported a transfer action done (its after-listener ran). COLD: Flex takes the agent off
 * the call at once, so the transfer itself is decisive; WARM waits for the agent to leave.
 */
function transferConfirmed(
  record: ReservationRecord | undefined,
  kind: 'internal' | 'external',
  mode: TransferMode,
  target: string,
  evidence: string,
  at: number,
): void {
  if (!record || record.decision) return;
  if (record.transfer?.kind !== kind || record.transfer.mode !== mode) {
    record.transfer = { kind, mode, target, targetJoined: false };
  }
  record.transfer.confirmed = true;
  if (kind === 'internal') record.sharesTask = true;
  if (mode === 'COLD') decide(record, { ...transferDecision(record.transfer), evidence, at });
}

function callEnded(record: ReservationRecord, at: number): void {
  record.endedAt = at;
  const transfer = record.transfer;
  // An internal transfer still under way when the leg ends (COLD, inside the action) brings
  // the transferee's reservation onto this task.
  if (transfer?.kind === 'internal') record.sharesTask = true;
  if (transfer?.mode === 'COLD') {
    // The agent left inside the transfer action itself, before Flex reported it done.
    decide(record, { ...transferDecision(transfer), evidence: 'callEndedDuringColdTransfer', at });
  }
  if (record.voiceTrouble) {
    decide(record, { value: 'Agent-System-Issue', evidence: `callEndedAfter:${record.voiceTrouble}`, at });
  }
  decide(record, { value: valueWhenUndecided(record), evidence: 'callEnded', at });
}

export const callReducers = {
  reservationAccepted(state: HangUpByState, action: Act<Omit<NewRecordFacts, 'at'>>) {
    const { reservationSid } = action.payload;
    if (state.records[reservationSid]) return;
    state.records[reservationSid] = newRecord(action.payload);
  },
  agentHungUp(state: HangUpByState, action: Act<ReservationRef>) {
    agentLeft(live(state, action.payload.reservationSid), 'agentHungUp', action.payload.at);
  },
  customerKicked(state: HangUpByState, action: Act<ReservationRef>) {
    const record = live(state, action.payload.reservationSid);
    if (record?.customerPresent) decide(record, { value: 'Agent', evidence: 'customerKicked', at: action.payload.at });
  },
  conferenceEndedForAll(state: HangUpByState, action: Act<ReservationRef>) {
    const record = live(state, action.payload.reservationSid);
    if (record) decide(record, { value: 'Agent', evidence: 'conferenceEndedForAll', at: action.payload.at });
  },
  customerJoined(state: HangUpByState, action: Act<TaskRef>) {
    for (const record of liveOfTask(state, action.payload.taskSid)) {
      record.customerPresent = true;
      record.customerAnswered = true;
    }
  },
  customerLeft(state: HangUpByState, action: Act<TaskRef>) {
    for (const record of liveOfTask(state, action.payload.taskSid)) {
      // An outbound customer who never answered never "left": the call simply was not answered.
      if (record.customerPresent) {
        decide(record, { value: 'Customer', evidence: 'customerLeft', at: action.payload.at });
      }
      record.customerPresent = false;
    }
  },
  otherAgentJoined(state: HangUpByState, action: Act<TaskRef & { workerSid: string }>) {
    for (const record of liveOfTask(state, action.payload.taskSid)) {
      const transfer = record.transfer;
      if (transfer?.kind === 'internal' && !transfer.targetJoined) {
        transfer.targetJoined = true;
        transfer.joinedWorkerSid = action.payload.workerSid;
      }
    }
  },
  otherAgentLeft(state: HangUpByState, action: Act<TaskRef & { workerSid: string }>) {
    for (const record of liveOfTask(state, action.payload.taskSid)) {
      if (record.consultFrom === action.payload.workerSid) record.transferrerPresent = false;
      const transfer = record.transfer;
      if (transfer?.kind === 'internal' && transfer.joinedWorkerSid === action.payload.workerSid) {
        transfer.targetJoined = false;
        delete transfer.joinedWorkerSid;
      }
    }
  },
  externalPartyJoined(state: HangUpByState, action: Act<TaskRef & { phoneNumber?: string }>) {
    for (const record of liveOfTask(state, action.payload.taskSid)) {
      if (record.transfer?.kind === 'external') record.transfer.targetJoined = true;
    }
  },
  externalPartyLeft(state: HangUpByState, action: Act<TaskRef & { phoneNumber?: string }>) {
    for (const record of liveOfTask(state, action.payload.taskSid)) {
      if (record.transfer?.kind === 'external') record.transfer.targetJoined = false;
    }
  },
  /**
   * Before a transfer action runs: remembered, not decisive (the action may still fail). A COLD
   * transfer becomes decisive when it succeeds, or when the call ends while it is under way.
   */
  transferRequested(
    state: HangUpByState,
    action: Act<ReservationRef & { kind: 'internal' | 'external'; mode: TransferMode; target: string }>,
  ) {
    const record = live(state, action.payload.reservationSid);
    if (!record || record.decision) return;
    const { kind, mode, target } = action.payload;
    record.transfer = { kind, mode, target, targetJoined: false };
    // Not yet `sharesTask`: a transfer that fails leaves the task with one reservation.
  },
  transferStarted(state: HangUpByState, action: Act<ReservationRef & { mode: TransferMode; target: string }>) {
    const { reservationSid, mode, target, at } = action.payload;
    transferConfirmed(live(state, reservationSid), 'internal', mode, target, 'transferStarted', at);
  },
  externalTransferStarted(
    state: HangUpByState,
    action: Act<ReservationRef & { mode: TransferMode; destination: string }>,
  ) {
    const { reservationSid, mode, destination, at } = action.payload;
    transferConfirmed(live(state, reservationSid), 'external', mode, destination, 'externalTransferStarted', at);
  },
  /**
   * Flex reported a transfer action failed (its body threw). Flex names the action, not the task,
   * so every transfer still waiting for its confirmation is taken back: the agent is still on the
   * call with the customer, and Hang Up must read as Agent again.
   */
  transferFailed(state: HangUpByState, _action: Act<{ action: string }>) {
    for (const record of liveRecords(state)) {
      if (record.transfer && !record.transfer.confirmed && !record.decision) {
        record.transfer = null;
      }
    }
  },
  transferCanceled(state: HangUpByState, action: Act<ReservationRef>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || record.status === 'completed' || !record.transfer) return;
    // The one undo (outcomes.md): a transfer decision made by this transfer is taken back.
    if (record.decision?.evidence === 'transferStarted' || record.decision?.evidence === 'externalTransferStarted') {
      record.decision = null;
    }
    record.transfer = null;
  },
  pageUnloadedDuringCall(state: HangUpByState, action: Act<{ reservationSids: string[] }>) {
    for (const sid of action.payload.reservationSids) {
      const record = live(state, sid);
      if (record) decide(record, { value: 'Agent-System-Issue', evidence: 'pageUnloadedDuringCall', at: action.payload.at });
    }
  },
  callLostWhilePageAway(state: HangUpByState, action: Act<ReservationRef>) {
    const record = live(state, action.payload.reservationSid);
    if (record) decide(record, { value: 'Agent-System-Issue', evidence: 'callLostWhilePageAway', at: action.payload.at });
  },
  myLegJoined(state: HangUpByState, action: Act<TaskRef & { callSid: string }>) {
    for (const record of liveOfTask(state, action.payload.taskSid)) record.legCallSid = action.payload.callSid;
  },
  /** Voice trouble concerns the legs named (`reservationSids`), or every live call when unknown. */
  voiceTroubleStarted(state: HangUpByState, action: Act<VoiceScope & { reason: string }>) {
    for (const record of scoped(state, action.payload)) {
      if (!record.voiceTrouble) record.voiceTrouble = action.payload.reason;
    }
  },
  voiceTroubleCleared(state: HangUpByState, action: Act<VoiceScope & { reason: string }>) {
    for (const record of scoped(state, action.payload)) record.voiceTrouble = null;
  },
  voiceLegDisconnected(state: HangUpByState, action: Act<VoiceScope & { reason: string }>) {
    for (const record of scoped(state, action.payload)) {
      if (record.voiceTrouble) {
        decide(record, { value: 'Agent-System-Issue', evidence: `voiceLegDisconnectedAfter:${record.voiceTrouble}`, at: action.payload.at });
      }
    }
  },
  reservationWrappedUp(state: HangUpByState, action: Act<ReservationRef>) {
    const record = live(state, action.payload.reservationSid);
    if (!record) return;
    callEnded(record, action.payload.at);
    record.status = 'wrapping';
  },
  reservationCompleted(state: HangUpByState, action: Act<ReservationRef>) {
    const record = state.records[action.payload.reservationSid];
    if (!record || record.status === 'completed') return;
    if (record.status === 'live') callEnded(record, action.payload.at);
    record.status = 'completed';
    record.completedAt = action.payload.at;
  },
  reservationEndedUnaccepted(_state: HangUpByState, _action: Act<ReservationRef & { reason: string }>) {
    // Never accepted: never written (outcomes.md). Dispatched so the story shows in DevTools.
  },
};
