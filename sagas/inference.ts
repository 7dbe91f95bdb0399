import { call, put, select } from 'redux-saga/effects';
import { hangUpByActions as A, selectSharesTask, selectLiveRecords, selectRecord } from '../slices/hangUpBySlice';
import type { ReservationRecord } from '../slices/reservationRecord';
import type {
  ConnectionEvent,
  FlexActionEvent,
  PageEvent,
  ParticipantEvent,
  ReservationEvent,
  ReservationFacts,
  TaskEvent,
  VoiceEvent,
} from './events';
import type { SagaServices } from './services';
import type { Saga } from './saga';

// Routers: each turns one plain event into the story actions of outcomes.md. They decide nothing
// themselves beyond which action an event is: the guarded reducers hold the rules.


export function isVoice(services: SagaServices, facts: { taskChannel: string | null }, what: string): boolean {
  if (facts.taskChannel === null) {
    services.log.warn(`[hang-up-by] ${what}: task channel unknown, ignored`);
    return false;
  }
  return services.config.voiceChannels.includes(facts.taskChannel);
}

function accepted(facts: ReservationFacts, at: number) {
  return A.reservationAccepted({
    reservationSid: facts.reservationSid,
    taskSid: facts.taskSid,
    direction: facts.direction,
    incomingTransfer: facts.incomingTransfer,
    at,
  });
}

export function* routeReservationEvent(services: SagaServices, event: ReservationEvent): Saga {
  const facts = event.reservation;
  if (!isVoice(services, facts, `reservation ${facts.reservationSid}`)) return;
  const at = services.clock.now();
  const reservationSid = facts.reservationSid;
  switch (event.event) {
    case 'existing':
      // Seen at start-up (also after a reload): bring the record up to the reservation's status.
      if (facts.status === 'accepted' || facts.status === 'wrapping') yield put(accepted(facts, at));
      if (facts.status === 'wrapping') yield put(A.reservationWrappedUp({ reservationSid, at }));
      return;
    case 'accepted':
      yield put(accepted(facts, at));
      return;
    case 'wrapup':
      yield put(A.reservationWrappedUp({ reservationSid, at }));
      return;
    case 'completed':
      yield put(A.reservationCompleted({ reservationSid, at }));
      return;
    case 'created':
      return;
    default:
      yield put(A.reservationEndedUnaccepted({ reservationSid, reason: event.event, at }));
  }
}

/** A task of this browser changed: its value is kept to tell, at Complete, whether it was overwritten. */
export function* routeTaskEvent(services: SagaServices, event: TaskEvent): Saga {
  const holds: boolean = yield select(selectSharesTask, event.taskSid);
  if (!holds) return;
  const { taskSid, version, hangUpBy, destination } = event;
  yield put(A.taskValueUpdated({ taskSid, version, hangUpBy, ...(destination === undefined ? {} : { destination }), at: services.clock.now() }));
}

const TRANSFER_ACTIONS = ['TransferTask', 'StartExternalWarmTransfer'];

export function* routeFlexAction(services: SagaServices, event: FlexActionEvent): Saga {
  if (event.phase === 'failed') {
    if (TRANSFER_ACTIONS.includes(event.name) || event.name === services.config.externalColdTransferAction) {
      yield put(A.transferFailed({ action: event.name, at: services.clock.now() }));
    }
    return;
  }
  const { reservationSid } = event;
  if (!reservationSid) return;
  // Actions of tasks this browser does not hold (or not voice) find no record: no-ops.
  const record: ReservationRecord | undefined = yield select(selectRecord, reservationSid);
  if (!record) return;
  const at = services.clock.now();
  const key = `${event.phase}${event.name}`;
  switch (key) {
    case 'beforeHangupCall':
      yield put(A.agentHungUp({ reservationSid, at }));
      return;
    case 'beforeKickParticipant':
      if (event.targetKind === 'customer') yield put(A.customerKicked({ reservationSid, at }));
      return;
    case 'beforeEndConferenceForAll':
      yield put(A.conferenceEndedForAll({ reservationSid, at }));
      return;
    case 'beforeTransferTask':
      yield put(A.transferRequested({ reservationSid, kind: 'internal', mode: event.mode ?? 'COLD', target: event.target ?? '', at }));
      return;
    case 'beforeStartExternalWarmTransfer':
      // The plugin's own external cold transfer dials through this action, marked COLD.
      yield put(A.transferRequested({ reservationSid, kind: 'external', mode: event.mode ?? 'WARM', target: event.target ?? '', at }));
      return;
    case `before${services.config.externalColdTransferAction}`:
      yield put(A.transferRequested({ reservationSid, kind: 'external', mode: 'COLD', target: event.target ?? '', at }));
      return;
    case 'afterTransferTask':
      yield put(A.transferStarted({ reservationSid, mode: event.mode ?? 'COLD', target: event.target ?? '', at }));
      return;
    case 'afterCancelTransfer':
      yield put(A.transferCanceled({ reservationSid, at }));
      return;
    case 'afterStartExternalWarmTransfer':
      yield put(A.externalTransferStarted({ reservationSid, mode: event.mode ?? 'WARM', destination: event.target ?? '', at }));
      return;
    case `after${services.config.externalColdTransferAction}`:
      yield put(A.externalTransferStarted({ reservationSid, mode: 'COLD', destination: event.target ?? '', at }));
      return;
    case 'afterWrapupTask':
      yield put(A.reservationWrappedUp({ reservationSid, at }));
      return;
    default:
  }
}

export function* routeParticipantEvent(services: SagaServices, event: ParticipantEvent): Saga {
  const { taskSid } = event;
  // Flex shows every conference it knows of; one this browser has no live call on changes no
  // record, so it is not worth a dispatch on Flex's store.
  const live: ReservationRecord[] = yield select(selectLiveRecords);
  if (!live.some((r) => r.taskSid === taskSid)) return;
  const at = services.clock.now();
  if (event.who === 'me') {
    if (event.change === 'joined' && event.callSid) yield put(A.myLegJoined({ taskSid, callSid: event.callSid, at }));
    return;
  }
  if (event.who === 'customer') {
    yield put(event.change === 'joined' ? A.customerJoined({ taskSid, at }) : A.customerLeft({ taskSid, at }));
  } else if (event.who === 'otherAgent') {
    const workerSid = event.workerSid ?? '';
    yield put(
      event.change === 'joined'
        ? A.otherAgentJoined({ taskSid, workerSid, at })
        : A.otherAgentLeft({ taskSid, workerSid, at }),
    );
  } else {
    const phoneNumber = event.phoneNumber;
    yield put(
      event.change === 'joined'
        ? A.externalPartyJoined({ taskSid, phoneNumber, at })
        : A.externalPartyLeft({ taskSid, phoneNumber, at }),
    );
  }
}

export function* routeVoiceEvent(services: SagaServices, event: VoiceEvent): Saga {
  const at = services.clock.now();
  const live: ReservationRecord[] = yield select(selectLiveRecords);
  if (live.length === 0) return;
  // The leg is known by its call sid once Flex's conference showed it; otherwise the trouble
  // concerns every live call of this browser (one WebRTC connection carries them all).
  const legs = event.callSid ? live.filter((r) => r.legCallSid === event.callSid) : [];
  const scope = legs.length > 0 ? { reservationSids: legs.map((r) => r.reservationSid) } : {};
  switch (event.event) {
    case 'error':
      yield put(A.voiceTroubleStarted({ ...scope, reason: `voiceError${event.code ? `:${event.code}` : ''}`, at }));
      return;
    case 'reconnecting':
      yield put(A.voiceTroubleStarted({ ...scope, reason: 'voiceReconnecting', at }));
      return;
    case 'reconnected':
      yield put(A.voiceTroubleCleared({ ...scope, reason: 'voiceReconnected', at }));
      return;
    case 'disconnect':
      yield put(A.voiceLegDisconnected({ ...scope, reason: 'disconnect', at }));
  }
}

export function* routeConnectionEvent(services: SagaServices, event: ConnectionEvent): Saga {
  const live: ReservationRecord[] = yield select(selectLiveRecords);
  if (live.length === 0) return;
  const at = services.clock.now();
  yield put(
    event.state === 'notConnected'
      ? A.voiceTroubleStarted({ reason: 'flexConnectionLost', at })
      : A.voiceTroubleCleared({ reason: 'flexConnectionRestored', at }),
  );
}

/**
 * The page is going away. Runs synchronously inside `beforeunload`: record the system issue for
 * every live call and write the state to storage before the browser stops running scripts.
 */
export function* routePageEvent(services: SagaServices, _event: PageEvent): Saga {
  const live: ReservationRecord[] = yield select(selectLiveRecords);
  if (live.length > 0) {
    yield put(A.pageUnloadedDuringCall({ reservationSids: live.map((r) => r.reservationSid), at: services.clock.now() }));
  }
  yield call(services.flushPersistence);
}
