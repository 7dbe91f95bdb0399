import type { EventSource, FlexActionEvent } from '../../sagas/events';
import { COLD_TRANSFER_FLAG } from '../externalColdTransfer';

/** The parts of Flex's `Actions` framework used here. */
export interface ActionsLike {
  addListener(event: string, listener: (payload: any, abort?: () => void) => unknown): void; // any: Flex's action payloads are untyped
  removeListener(event: string, listener: (payload: any, abort?: () => void) => unknown): void; // any: Flex's action payloads are untyped
}

/**
 * Decisions that must be recorded before Flex carries the action out, and transfers, whose
 * intent must be known before the agent's leg leaves (a COLD transfer takes the agent off the
 * call inside the action itself).
 */
const BEFORE = ['HangupCall', 'KickParticipant', 'EndConferenceForAll', 'TransferTask', 'StartExternalWarmTransfer'];
/** Facts that only hold once the action succeeded (a failed transfer transfers nothing). */
// Accepting and dialing out are seen through TaskRouter's reservation events, which also cover
// auto-accepted and outbound reservations that never pass through these actions.
const AFTER = ['TransferTask', 'CancelTransfer', 'StartExternalWarmTransfer', 'WrapupTask'];

function upperMode(value: unknown): 'COLD' | 'WARM' | undefined {
  const mode = typeof value === 'string' ? value.toUpperCase() : undefined;
  return mode === 'COLD' || mode === 'WARM' ? mode : undefined;
}

function kickedKind(payload: any): FlexActionEvent['targetKind'] { // any: Flex's action payloads are untyped
  const direct = payload?.participant?.participantType;
  const participants: any[] = payload?.task?.conference?.participants ?? []; // any: Flex's participants, read defensively
  const target = payload?.targetSid;
  const found = direct ?? participants.find((p) => p?.callSid === target || p?.participantSid === target)?.participantType;
  if (found === 'customer' || found === 'external') return found;
  if (found === 'worker' || found === 'agent') return 'worker';
  return 'unknown';
}

/** Turns a Flex action payload (an ITask and options) into plain facts. */
export function describeFlexAction(name: string, phase: 'before' | 'after', payload: any): FlexActionEvent { // any: Flex's action payloads are untyped
  const task = payload?.task;
  const channel = task?.taskChannelUniqueName;
  const event: FlexActionEvent = {
    kind: 'flexAction',
    phase,
    name,
    // Flex addresses a task action by reservation sid (`sid`), or hands over the ITask itself.
    reservationSid: typeof task?.sid === 'string' ? task.sid : typeof payload?.sid === 'string' ? payload.sid : null,
    taskSid: typeof task?.taskSid === 'string' ? task.taskSid : null,
    taskChannel: typeof channel === 'string' ? channel : null,
  };
  if (name === 'TransferTask') {
    event.mode = upperMode(payload?.options?.mode) ?? 'COLD';
    if (typeof payload?.targetSid === 'string') event.target = payload.targetSid;
  } else if (name === 'KickParticipant') {
    event.targetKind = kickedKind(payload);
  } else {
    const number = payload?.phoneNumber ?? payload?.to;
    if (typeof number === 'string') event.target = number;
    if (name === 'StartExternalWarmTransfer') event.mode = payload?.[COLD_TRANSFER_FLAG] === true ? 'COLD' : 'WARM';
  }
  return event;
}

/**
 * Flex actions the rules need, as plain events. Listeners never throw and never abort: an
 * agent's action is never blocked by this plugin.
 */
export function flexActionSource(actions: ActionsLike, externalColdTransferAction?: string): EventSource<FlexActionEvent> {
  return {
    name: 'flexActions',
    subscribe(emit) {
      const registered: Array<[string, (payload: any) => void]> = []; // any: Flex's action payloads are untyped
      const add = (phase: 'before' | 'after', name: string) => {
        const listener = (payload: any) => { // any: Flex's action payloads are untyped
          try {
            emit(describeFlexAction(name, phase, payload));
          } catch {
            // A payload we cannot read is no reason to disturb the agent's action.
          }
        };
        actions.addListener(`${phase}${name}`, listener);
        registered.push([`${phase}${name}`, listener]);
      };
      const extra = externalColdTransferAction ? [externalColdTransferAction] : [];
      [...BEFORE, ...extra].forEach((name) => add('before', name));
      [...AFTER, ...extra].forEach((name) => add('after', name));
      return () => {
        for (const [event, listener] of registered) actions.removeListener(event, listener);
      };
    },
  };
}
