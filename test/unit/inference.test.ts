import type { AnyAction } from 'redux';
import { expectSaga } from 'redux-saga-test-plan';
import { hangUpByActions as A } from '../../slices/hangUpBySlice';
import type { ReservationRecord } from '../../slices/reservationRecord';
import type { FlexActionEvent, ReservationEvent, ReservationEventName, ReservationFacts, TaskEvent } from '../../sagas/events';
import {
  routeConnectionEvent,
  routeFlexAction,
  routePageEvent,
  routeParticipantEvent,
  routeReservationEvent,
  routeTaskEvent,
  routeVoiceEvent,
} from '../../sagas/inference';
import { AGENT_Y, makeRecord, makeRoot, SID, TASK } from '../builders/records';
import { putActions, rootReducer } from '../builders/sagas';
import { makeServices, type TestServices } from '../builders/services';

// Routers turn plain events into story actions; the reducers hold the rules.

const facts = (overrides: Partial<ReservationFacts> = {}): ReservationFacts => ({
  reservationSid: SID,
  taskSid: TASK,
  taskChannel: 'voice',
  status: 'accepted',
  direction: 'inbound',
  incomingTransfer: null,
  ...overrides,
});

const reservationEvent = (event: ReservationEventName, overrides: Partial<ReservationFacts> = {}): ReservationEvent => ({
  kind: 'reservation',
  event,
  reservation: facts(overrides),
});

const flexAction = (name: string, overrides: Partial<FlexActionEvent> = {}): FlexActionEvent => ({
  kind: 'flexAction',
  phase: 'before',
  name,
  reservationSid: SID,
  taskSid: TASK,
  taskChannel: 'voice',
  ...overrides,
});

/** Runs one router against the real reducer; returns what it put and the final records. */
async function route<E>(
  router: (services: TestServices, event: E) => Generator<unknown, void, any>, // any: as the routers declare it
  event: E,
  records: ReservationRecord[] = [],
  services = makeServices(),
) {
  const result = await expectSaga(router, services, event).withReducer(rootReducer, makeRoot(...records)).run(500);
  return { puts: putActions(result), records: result.storeState.hangUpBy.records as Record<string, ReservationRecord>, services };
}

const types = (puts: AnyAction[]) => puts.map((a) => a.type);

describe('routeTaskEvent', () => {
  const updated: TaskEvent = { kind: 'task', event: 'updated', taskSid: TASK, version: '7', hangUpBy: 'Agent' };

  it('a task that a record shares with another reservation → taskValueUpdated, kept on the record', async () => {
    const { puts, records } = await route(routeTaskEvent, updated, [makeRecord({ sharesTask: true, status: 'wrapping' })]);
    expect(types(puts)).toEqual([A.taskValueUpdated.type]);
    expect(records[SID].taskValue).toEqual({ version: '7', hangUpBy: 'Agent' });
  });

  it.each<[string, ReservationRecord[]]>([
    ['no record holds the task', [makeRecord({ taskSid: 'WTother', sharesTask: true })]],
    ['the record shares no task', [makeRecord()]],
    ['the record is completed', [makeRecord({ sharesTask: true, status: 'completed' })]],
  ])('nothing is dispatched when %s', async (_name, records) => {
    const { puts } = await route(routeTaskEvent, updated, records);
    expect(puts).toEqual([]);
  });
});

describe('routeReservationEvent', () => {
  it('accepted voice reservation → a live record', async () => {
    const { records } = await route(routeReservationEvent, reservationEvent('accepted', { direction: 'outbound' }));
    expect(records[SID]).toMatchObject({ status: 'live', direction: 'outbound', customerPresent: false });
  });

  it('an incoming warm transfer carries the transferrer into the record', async () => {
    const { records } = await route(
      routeReservationEvent,
      reservationEvent('accepted', { incomingTransfer: { mode: 'WARM', fromWorkerSid: 'WKx' } }),
    );
    expect(records[SID]).toMatchObject({ consultFrom: 'WKx', transferrerPresent: true, sharesTask: true });
  });

  it.each(['chat', 'sms', 'email'])('a %s reservation is ignored, without a warning', async (taskChannel) => {
    const { puts, records, services } = await route(routeReservationEvent, reservationEvent('accepted', { taskChannel }));
    expect(puts).toEqual([]);
    expect(records).toEqual({});
    expect(services.log.entries).toEqual([]);
  });

  it('a channel configured as voice is handled', async () => {
    const services = makeServices({ config: { voiceChannels: ['voice', 'outbound-voice'] } });
    const { records } = await route(routeReservationEvent, reservationEvent('accepted', { taskChannel: 'outbound-voice' }), [], services);
    expect(records[SID]).toBeDefined();
  });

  it('an unknown (null) channel → ignored, with a warning naming the reservation', async () => {
    const { puts, services } = await route(routeReservationEvent, reservationEvent('accepted', { taskChannel: null }));
    expect(puts).toEqual([]);
    expect(services.log.messages('warn')).toEqual([expect.stringContaining(SID)]);
  });

  it.each<[string, string, string[]]>([
    ['accepted', 'accepted', [A.reservationAccepted.type]],
    ['wrapping', 'wrapping', [A.reservationAccepted.type, A.reservationWrappedUp.type]],
    ['pending', 'pending', []],
    ['completed', 'completed', []],
  ])('existing reservation found %s at start-up → %j', async (_name, status, expected) => {
    const { puts } = await route(routeReservationEvent, reservationEvent('existing', { status }));
    expect(types(puts)).toEqual(expected);
  });

  it('existing wrapping reservation with no record (storage lost) → recorded as ended: Customer', async () => {
    const { records } = await route(routeReservationEvent, reservationEvent('existing', { status: 'wrapping' }));
    expect(records[SID]).toMatchObject({ status: 'wrapping', decision: { value: 'Customer' } });
  });

  it.each<ReservationEventName>(['rejected', 'timeout', 'canceled', 'rescinded'])(
    'a reservation %s before acceptance → told, never recorded',
    async (event) => {
      const { puts, records } = await route(routeReservationEvent, reservationEvent(event, { status: event }));
      expect(puts).toEqual([expect.objectContaining({ type: A.reservationEndedUnaccepted.type, payload: expect.objectContaining({ reason: event }) })]);
      expect(records).toEqual({});
    },
  );

  it.each<[ReservationEventName, string]>([
    ['wrapup', A.reservationWrappedUp.type],
    ['completed', A.reservationCompleted.type],
  ])('%s → %s', async (event, type) => {
    const { puts } = await route(routeReservationEvent, reservationEvent(event), [makeRecord()]);
    expect(types(puts)).toEqual([type]);
  });

  it('created → nothing (not accepted yet)', async () => {
    const { puts } = await route(routeReservationEvent, reservationEvent('created'));
    expect(puts).toEqual([]);
  });
});

describe('routeFlexAction', () => {
  it.each<[string, FlexActionEvent, AnyAction]>([
    ['before HangupCall', flexAction('HangupCall'), A.agentHungUp({ reservationSid: SID, at: 0 })],
    ['before KickParticipant on the customer', flexAction('KickParticipant', { targetKind: 'customer' }), A.customerKicked({ reservationSid: SID, at: 0 })],
    ['before EndConferenceForAll', flexAction('EndConferenceForAll'), A.conferenceEndedForAll({ reservationSid: SID, at: 0 })],
    ['before TransferTask COLD (intent: the agent may leave inside the action)', flexAction('TransferTask', { mode: 'COLD', target: AGENT_Y }), A.transferRequested({ reservationSid: SID, kind: 'internal', mode: 'COLD', target: AGENT_Y, at: 0 })],
    ['before StartExternalWarmTransfer', flexAction('StartExternalWarmTransfer', { target: '+1555' }), A.transferRequested({ reservationSid: SID, kind: 'external', mode: 'WARM', target: '+1555', at: 0 })],
    ['before StartExternalWarmTransfer marked COLD (the plugin\'s own cold transfer)', flexAction('StartExternalWarmTransfer', { mode: 'COLD', target: '+1555' }), A.transferRequested({ reservationSid: SID, kind: 'external', mode: 'COLD', target: '+1555', at: 0 })],
    ['before the configured external cold transfer action', flexAction('StartExternalColdTransfer', { target: '+1555' }), A.transferRequested({ reservationSid: SID, kind: 'external', mode: 'COLD', target: '+1555', at: 0 })],
    ['after TransferTask WARM', flexAction('TransferTask', { phase: 'after', mode: 'WARM', target: AGENT_Y }), A.transferStarted({ reservationSid: SID, mode: 'WARM', target: AGENT_Y, at: 0 })],
    ['after CancelTransfer', flexAction('CancelTransfer', { phase: 'after' }), A.transferCanceled({ reservationSid: SID, at: 0 })],
    ['after StartExternalWarmTransfer', flexAction('StartExternalWarmTransfer', { phase: 'after', target: '+1555' }), A.externalTransferStarted({ reservationSid: SID, mode: 'WARM', destination: '+1555', at: 0 })],
    ['after StartExternalWarmTransfer marked COLD', flexAction('StartExternalWarmTransfer', { phase: 'after', mode: 'COLD', target: '+1555' }), A.externalTransferStarted({ reservationSid: SID, mode: 'COLD', destination: '+1555', at: 0 })],
    ['after the configured external cold transfer action', flexAction('StartExternalColdTransfer', { phase: 'after', target: '+1555' }), A.externalTransferStarted({ reservationSid: SID, mode: 'COLD', destination: '+1555', at: 0 })],
    ['after WrapupTask', flexAction('WrapupTask', { phase: 'after' }), A.reservationWrappedUp({ reservationSid: SID, at: 0 })],
  ])('%s → %s', async (_name, event, expected) => {
    const { puts, services } = await route(routeFlexAction, event, [makeRecord()]);
    expect(puts).toEqual([{ ...expected, payload: { ...expected.payload, at: services.clock.now() } }]);
  });

  it.each<[string, FlexActionEvent]>([
    ['KickParticipant on another agent', flexAction('KickParticipant', { targetKind: 'worker' })],
    ['KickParticipant on an unknown participant', flexAction('KickParticipant', { targetKind: 'unknown' })],
    ['after HangupCall (only before counts)', flexAction('HangupCall', { phase: 'after' })],
    ['an action the plugin does not follow', flexAction('ToggleMute')],
    ['an action without a reservation', flexAction('HangupCall', { reservationSid: null })],
  ])('%s → nothing', async (_name, event) => {
    const { puts } = await route(routeFlexAction, event, [makeRecord()]);
    expect(puts).toEqual([]);
  });

  it.each(['HangupCall', 'KickParticipant', 'EndConferenceForAll'])('before %s for a reservation this browser does not hold → nothing', async (name) => {
    const { puts } = await route(routeFlexAction, flexAction(name, { reservationSid: 'WRunknown', targetKind: 'customer' }), [makeRecord()]);
    expect(puts).toEqual([]);
  });

  it('a renamed external cold transfer action is followed under its configured name', async () => {
    const services = makeServices({ config: { externalColdTransferAction: 'DialOutColdTransfer' } });
    const { puts } = await route(routeFlexAction, flexAction('DialOutColdTransfer', { phase: 'after', target: '+1' }), [makeRecord()], services);
    expect(puts).toEqual([expect.objectContaining({ type: A.externalTransferStarted.type, payload: expect.objectContaining({ mode: 'COLD' }) })]);
  });
});

describe('routeParticipantEvent', () => {
  it.each<[string, Parameters<typeof routeParticipantEvent>[1], string]>([
    ['customer joined', { kind: 'participant', taskSid: TASK, who: 'customer', change: 'joined' }, A.customerJoined.type],
    ['customer left', { kind: 'participant', taskSid: TASK, who: 'customer', change: 'left' }, A.customerLeft.type],
    ['other agent joined', { kind: 'participant', taskSid: TASK, who: 'otherAgent', change: 'joined', workerSid: AGENT_Y }, A.otherAgentJoined.type],
    ['other agent left', { kind: 'participant', taskSid: TASK, who: 'otherAgent', change: 'left', workerSid: AGENT_Y }, A.otherAgentLeft.type],
    ['outside party joined', { kind: 'participant', taskSid: TASK, who: 'external', change: 'joined', phoneNumber: '+1' }, A.externalPartyJoined.type],
    ['outside party left', { kind: 'participant', taskSid: TASK, who: 'external', change: 'left', phoneNumber: '+1' }, A.externalPartyLeft.type],
  ])('%s → %s', async (_name, event, type) => {
    const { puts } = await route(routeParticipantEvent, event, [makeRecord()]);
    expect(types(puts)).toEqual([type]);
  });
});

describe('routeVoiceEvent and routeConnectionEvent', () => {
  it.each<[string, Parameters<typeof routeVoiceEvent>[1], string, string]>([
    ['voice error with a code', { kind: 'voice', event: 'error', code: 31005 }, A.voiceTroubleStarted.type, 'voiceError:31005'],
    ['voice error without a code', { kind: 'voice', event: 'error' }, A.voiceTroubleStarted.type, 'voiceError'],
    ['reconnecting', { kind: 'voice', event: 'reconnecting' }, A.voiceTroubleStarted.type, 'voiceReconnecting'],
    ['reconnected', { kind: 'voice', event: 'reconnected' }, A.voiceTroubleCleared.type, 'voiceReconnected'],
    ['disconnect', { kind: 'voice', event: 'disconnect' }, A.voiceLegDisconnected.type, 'disconnect'],
  ])('%s during a live call → %s', async (_name, event, type, reason) => {
    const { puts } = await route(routeVoiceEvent, event, [makeRecord()]);
    expect(puts).toEqual([expect.objectContaining({ type, payload: expect.objectContaining({ reason }) })]);
  });

  it.each<[string, 'connected' | 'notConnected', string, string]>([
    ['Flex connection lost', 'notConnected', A.voiceTroubleStarted.type, 'flexConnectionLost'],
    ['Flex connection back', 'connected', A.voiceTroubleCleared.type, 'flexConnectionRestored'],
  ])('%s during a live call → %s', async (_name, state, type, reason) => {
    const { puts } = await route(routeConnectionEvent, { kind: 'connection', state }, [makeRecord()]);
    expect(puts).toEqual([expect.objectContaining({ type, payload: expect.objectContaining({ reason }) })]);
  });

  it('a failing leg known by its call sid marks only its own reservation', async () => {
    const consultLeg = makeRecord({ reservationSid: 'WRconsult', taskSid: 'WTconsult', legCallSid: 'CAconsult' });
    const original = makeRecord({ legCallSid: 'CAoriginal' });
    const error = await route(routeVoiceEvent, { kind: 'voice', event: 'error', code: 31005, callSid: 'CAconsult' }, [consultLeg, original]);
    expect(error.records.WRconsult.voiceTrouble).toBe('voiceError:31005');
    expect(error.records[SID].voiceTrouble).toBeNull();

    const disconnect = await route(routeVoiceEvent, { kind: 'voice', event: 'disconnect', callSid: 'CAconsult' }, Object.values(error.records));
    expect(disconnect.records.WRconsult.decision?.value).toBe('Agent-System-Issue');
    expect(disconnect.records[SID].decision).toBeNull();
  });

  it('a call sid no record knows concerns every live call (one connection carries them all)', async () => {
    const a = makeRecord({ legCallSid: 'CAa' });
    const b = makeRecord({ reservationSid: 'WRb', legCallSid: 'CAb' });
    const { records } = await route(routeVoiceEvent, { kind: 'voice', event: 'reconnecting', callSid: 'CAunknown' }, [a, b]);
    expect([records[SID].voiceTrouble, records.WRb.voiceTrouble]).toEqual(['voiceReconnecting', 'voiceReconnecting']);
  });

  it('voice and connection events with no live call → nothing', async () => {
    const ended = makeRecord({ status: 'wrapping' });
    expect((await route(routeVoiceEvent, { kind: 'voice', event: 'error', code: 1 }, [ended])).puts).toEqual([]);
    expect((await route(routeConnectionEvent, { kind: 'connection', state: 'notConnected' }, [ended])).puts).toEqual([]);
  });
});

describe('routePageEvent', () => {
  it('the page unloading during live calls marks each of them, then flushes persisted state', async () => {
    const { puts, services } = await route(routePageEvent, { kind: 'page', event: 'beforeunload' }, [
      makeRecord(),
      makeRecord({ reservationSid: 'WR2' }),
      makeRecord({ reservationSid: 'WR3', status: 'wrapping' }),
    ]);
    expect(puts).toEqual([
      expect.objectContaining({ type: A.pageUnloadedDuringCall.type, payload: expect.objectContaining({ reservationSids: [SID, 'WR2'] }) }),
    ]);
    expect(services.flushPersistence).toHaveBeenCalledTimes(1);
  });

  it('the page unloading with no live call puts nothing but still flushes', async () => {
    const { puts, services } = await route(routePageEvent, { kind: 'page', event: 'beforeunload' }, [makeRecord({ status: 'completed' })]);
    expect(puts).toEqual([]);
    expect(services.flushPersistence).toHaveBeenCalledTimes(1);
  });
});
