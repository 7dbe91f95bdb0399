import { transferValue, type AttributeTarget, type HangUpBy, type TransferMode } from './outcomes';

/**
 * One accepted voice reservation, as the plugin knows it. Serializable: sids, strings, numbers.
 *
 * `status` is the call as this agent sees it:
 *   live ──(wrap-up)──▶ wrapping ──(completed)──▶ completed
 *   live ──(completed without wrap-up)──────────▶ completed
 * Every transition is guarded in the reducers, so a repeated or late event changes nothing.
 */
export type RecordStatus = 'live' | 'wrapping' | 'completed';

export type WriteStatus = 'idle' | 'requested' | 'writing' | 'succeeded' | 'unchanged' | 'failed';

/** What started the write: the rules in outcomes.md "Write semantics". */
export type WriteTrigger = 'callEnded' | 'completing' | 'completedElsewhere' | 'resumedAfterReload' | 'overwrittenBeforeCompletion';

export interface Decision {
  value: HangUpBy;
  /** The event that decided it, as named in Redux DevTools (`agentHungUp`, `customerLeft`…). */
  evidence: string;
  at: number;
  destination?: string;
}

export interface OutgoingTransfer {
  kind: 'internal' | 'external';
  mode: TransferMode;
  /** Worker or queue sid (internal); phone number (external). */
  target: string;
  /** Whether the transferee or outside party is on the call now. */
  targetJoined: boolean;
  /** Flex reported the transfer action done (its `after` listener ran). */
  confirmed?: boolean;
  /** The worker who joined as the transferee (a queue transfer names no worker up front). */
  joinedWorkerSid?: string;
}

export interface WriteProgress {
  status: WriteStatus;
  trigger?: WriteTrigger;
  attempts: number;
  lastError?: string;
  target?: AttributeTarget;
  doneAt?: number;
  /** The task's version once this write landed (or was found unneeded): later versions are others' changes. */
  version?: string;
  /** The second write was made: another reservation had changed the value before this one completed. */
  rewritten?: boolean;
}

/** The task's value as its latest TaskRouter `updated` event showed it. */
export interface TaskValue {
  version: string;
  hangUpBy: string | null;
  destination?: string;
}

export interface ReservationRecord {
  reservationSid: string;
  taskSid: string;
  direction: 'inbound' | 'outbound';
  status: RecordStatus;
  acceptedAt: number;
  endedAt?: number;
  completedAt?: number;
  /** Whether the customer is on the conference now (an outbound customer joins when answering). */
  customerPresent: boolean;
  customerAnswered: boolean;
  /** A transfer this reservation started; null when none or canceled. */
  transfer: OutgoingTransfer | null;
  /**
   * Another reservation of this call shares the task: an internal transfer in or out. Its wrap-up
   * write may land after this one's, so the value is checked again at Complete.
   */
  sharesTask: boolean;
  /** This reservation is the consulted leg of a WARM transfer from `consultFrom` (a worker sid). */
  consultFrom: string | null;
  /** The transferring agent is still on the call (only meaningful with consultFrom). */
  transferrerPresent: boolean;
  /** The call sid of this agent's own leg in the conference, to tie Voice SDK events to it. */
  legCallSid?: string;
  /** The voice leg reported trouble (SDK error, reconnecting, Flex connection lost) and has not recovered. */
  voiceTrouble: string | null;
  decision: Decision | null;
  write: WriteProgress;
  /** The task's value as TaskRouter last announced it (only kept for a reservation that shares its task). */
  taskValue?: TaskValue;
}

export interface NewRecordFacts {
  reservationSid: string;
  taskSid: string;
  direction: 'inbound' | 'outbound';
  /** Set when this reservation is the receiving end of a transfer. */
  incomingTransfer: { mode: TransferMode; fromWorkerSid: string } | null;
  at: number;
}

export function newRecord(facts: NewRecordFacts): ReservationRecord {
  const incoming = facts.incomingTransfer;
  const consultFrom = incoming?.mode === 'WARM' ? incoming.fromWorkerSid : null;
  return {
    reservationSid: facts.reservationSid,
    taskSid: facts.taskSid,
    direction: facts.direction,
    status: 'live',
    acceptedAt: facts.at,
    // An inbound customer is already on the call when the agent accepts; an outbound one is
    // ringing, unless this reservation arrives by transfer (then the customer is on the call).
    customerPresent: facts.direction === 'inbound' || incoming !== null,
    customerAnswered: facts.direction === 'inbound' || incoming !== null,
    transfer: null,
    sharesTask: incoming !== null,
    consultFrom,
    transferrerPresent: consultFrom !== null,
    voiceTrouble: null,
    decision: null,
    write: { status: 'idle', attempts: 0 },
  };
}

/** Records the first decisive event; later ones are ignored (outcomes.md: the first decisive event wins). */
export function decide(record: ReservationRecord, decision: Decision): void {
  if (record.decision === null) record.decision = decision;
}

/** The value a transfer gives, with the outside number for an external one (rules 3 and 4). */
export function transferDecision(transfer: Pick<OutgoingTransfer, 'kind' | 'mode' | 'target'>): Pick<Decision, 'value' | 'destination'> {
  const value = transferValue(transfer.kind, transfer.mode);
  return transfer.kind === 'external' ? { value, destination: transfer.target } : { value };
}

/** Whether this record is in the consult leg of a warm transfer right now (outcomes.md rule 5). */
export function isConsulting(record: ReservationRecord): boolean {
  return record.consultFrom !== null && record.transferrerPresent;
}

/**
 * What the agent leaving the call means now: the decision for Hang Up (rules 1, 3, 4, 5).
 * Returns null when leaving decides nothing (the customer already left: rule 6 stands).
 */
export function valueOnAgentLeaving(record: ReservationRecord): Pick<Decision, 'value' | 'destination'> | null {
  if (isConsulting(record)) return { value: 'Consult' };
  if (record.direction === 'outbound' && !record.customerAnswered) return { value: 'Agent' };
  if (!record.customerPresent) return null;
  const transfer = record.transfer;
  // Leaving during a COLD transfer is how a cold transfer is done (some leave via Hang Up); a WARM
  // one is done by leaving while the transferee or outside party is on the call.
  if (transfer && (transfer.mode === 'COLD' || transfer.targetJoined)) return transferDecision(transfer);
  return { value: 'Agent' };
}

/** The value when the call ends with nothing decided (rules 5 and 6). */
export function valueWhenUndecided(record: ReservationRecord): HangUpBy {
  return isConsulting(record) ? 'Consult' : 'Customer';
}

export function isWriteSettled(write: WriteProgress): boolean {
  return write.status === 'succeeded' || write.status === 'unchanged' || write.status === 'failed';
}

/** Whether TaskRouter version `a` comes after `b`. Versions are counters; anything else differs or not. */
export function isLaterVersion(a: string, b: string | undefined): boolean {
  if (b === undefined) return true;
  const [x, y] = [Number(a), Number(b)];
  return Number.isFinite(x) && Number.isFinite(y) ? x > y : a !== b;
}

function holds(value: TaskValue, target: AttributeTarget): boolean {
  return value.hangUpBy === target.hangUpBy && (target.destination === undefined || value.destination === target.destination);
}

/**
 * outcomes.md "When": a reservation that shares its task writes a second time, before it
 * completes, only when another reservation changed the value after this one's write.
 */
export function needsRewrite(record: ReservationRecord): boolean {
  const { write, taskValue } = record;
  return (
    record.sharesTask &&
    record.status !== 'completed' &&
    (write.status === 'succeeded' || write.status === 'unchanged') &&
    !write.rewritten &&
    write.target !== undefined &&
    taskValue !== undefined &&
    isLaterVersion(taskValue.version, write.version) &&
    !holds(taskValue, write.target)
  );
}
