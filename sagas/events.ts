/**
 * The plain, serializable events that src/ makes out of Flex, TaskRouter, Voice SDK and window
 * emitters. Sagas see only these.
 */

export interface ReservationFacts {
  reservationSid: string;
  taskSid: string;
  /** The task channel's unique name, or null when the SDK object did not carry a string. */
  taskChannel: string | null;
  status: string;
  direction: 'inbound' | 'outbound';
  incomingTransfer: { mode: 'COLD' | 'WARM'; fromWorkerSid: string } | null;
}

export type ReservationEventName =
  | 'existing'
  | 'created'
  | 'accepted'
  | 'wrapup'
  | 'completed'
  | 'canceled'
  | 'rejected'
  | 'rescinded'
  | 'timeout';

export interface ReservationEvent {
  kind: 'reservation';
  event: ReservationEventName;
  reservation: ReservationFacts;
}

/**
 * TaskRouter announced a change of a task this browser holds (the SDK task's `updated` event).
 * Only the two keys the plugin writes are carried: nothing else of the attributes leaves src/.
 */
export interface TaskEvent {
  kind: 'task';
  event: 'updated';
  taskSid: string;
  version: string;
  hangUpBy: string | null;
  destination?: string;
}

export interface FlexActionEvent {
  kind: 'flexAction';
  /** `failed`: Flex reported the action's body threw (then only `name` is known). */
  phase: 'before' | 'after' | 'failed';
  name: string;
  reservationSid: string | null;
  taskSid: string | null;
  taskChannel: string | null;
  /** TransferTask: mode and target; external transfers: the number; KickParticipant: who. */
  mode?: 'COLD' | 'WARM';
  target?: string;
  targetKind?: 'customer' | 'worker' | 'external' | 'unknown';
}

export interface ParticipantEvent {
  kind: 'participant';
  taskSid: string;
  /** `me`: this browser's own leg (its call sid ties Voice SDK events to the reservation). */
  who: 'customer' | 'otherAgent' | 'external' | 'me';
  callSid?: string;
  change: 'joined' | 'left';
  workerSid?: string;
  phoneNumber?: string;
}

export interface VoiceEvent {
  kind: 'voice';
  event: 'error' | 'reconnecting' | 'reconnected' | 'disconnect';
  code?: number;
  /** The Voice SDK call's sid, when the SDK gave one. */
  callSid?: string;
}

export interface ConnectionEvent {
  kind: 'connection';
  state: 'connected' | 'notConnected';
}

export interface PageEvent {
  kind: 'page';
  event: 'beforeunload';
}

export type PluginEvent =
  | ReservationEvent
  | TaskEvent
  | FlexActionEvent
  | ParticipantEvent
  | VoiceEvent
  | ConnectionEvent
  | PageEvent;

/**
 * An emitter adapted once: `subscribe` registers named handlers and returns the function that
 * removes each of them.
 */
export interface EventSource<E extends { kind: string } = PluginEvent> {
  name: string;
  subscribe(emit: (event: E) => void): () => void;
}
