import type { AnyAction } from 'redux';
import { hangUpByActions as A, hangUpByReducer } from '../../slices/hangUpBySlice';
import type { WriteStatus } from '../../slices/reservationRecord';
import { accepted, makeRecord, makeState, reduce, SID, T0, TASK } from '../builders/records';

// Every transition is guarded: a duplicate, late or foreign event is a no-op, not a corruption.

const ref = { reservationSid: SID };

describe('duplicate and out-of-order reservation events', () => {
  it('accepted twice does not reset the record', () => {
    const state = reduce([accepted({ at: T0 }), A.agentHungUp(ref), accepted({ at: T0 + 5000, direction: 'outbound' })]);
    expect(state.records[SID]).toMatchObject({ acceptedAt: T0, direction: 'inbound', decision: { value: 'Agent' } });
  });

  it('wrap-up twice keeps the first end time and the first decision', () => {
    const state = reduce([
      accepted(),
      A.reservationWrappedUp({ ...ref, at: T0 + 1 }),
      A.reservationWrappedUp({ ...ref, at: T0 + 2 }),
    ]);
    expect(state.records[SID]).toMatchObject({ status: 'wrapping', endedAt: T0 + 1, decision: { at: T0 + 1 } });
  });

  it('completed before wrap-up ends the call at completion; the late wrap-up changes nothing', () => {
    const once = reduce([accepted(), A.reservationCompleted({ ...ref, at: T0 + 7 })]);
    expect(once.records[SID]).toMatchObject({ status: 'completed', endedAt: T0 + 7, completedAt: T0 + 7, decision: { value: 'Customer' } });
    expect(hangUpByReducer(once, A.reservationWrappedUp({ ...ref, at: T0 + 9 }))).toBe(once);
  });

  it('completed twice keeps the first completion time', () => {
    const once = reduce([accepted(), A.reservationWrappedUp(ref), A.reservationCompleted({ ...ref, at: T0 + 3 })]);
    expect(hangUpByReducer(once, A.reservationCompleted({ ...ref, at: T0 + 4 }))).toBe(once);
    expect(once.records[SID].completedAt).toBe(T0 + 3);
  });

  it('a reservation never accepted gets no record', () => {
    const state = reduce([A.reservationEndedUnaccepted({ ...ref, reason: 'rejected' }), A.reservationWrappedUp(ref)]);
    expect(state.records).toEqual({});
  });

  const perReservation: Array<[string, AnyAction]> = [
    ['agentHungUp', A.agentHungUp({ reservationSid: 'WRother' })],
    ['customerKicked', A.customerKicked({ reservationSid: 'WRother' })],
    ['conferenceEndedForAll', A.conferenceEndedForAll({ reservationSid: 'WRother' })],
    ['transferRequested', A.transferRequested({ reservationSid: 'WRother', kind: 'internal', mode: 'COLD', target: 'WQ' })],
    ['transferStarted', A.transferStarted({ reservationSid: 'WRother', mode: 'COLD', target: 'WQ' })],
    ['externalTransferStarted', A.externalTransferStarted({ reservationSid: 'WRother', mode: 'COLD', destination: '+1' })],
    ['transferCanceled', A.transferCanceled({ reservationSid: 'WRother' })],
    ['pageUnloadedDuringCall', A.pageUnloadedDuringCall({ reservationSids: ['WRother'] })],
    ['callLostWhilePageAway', A.callLostWhilePageAway({ reservationSid: 'WRother' })],
    ['reservationWrappedUp', A.reservationWrappedUp({ reservationSid: 'WRother' })],
    ['reservationCompleted', A.reservationCompleted({ reservationSid: 'WRother' })],
    ['writeRequested', A.writeRequested({ reservationSid: 'WRother', trigger: 'callEnded' })],
    ['writeStarted', A.writeStarted({ reservationSid: 'WRother', target: { hangUpBy: 'Agent' } })],
    ['writeAttemptFailed', A.writeAttemptFailed({ reservationSid: 'WRother', attempt: 1, reason: 'x', retryInMs: 1 })],
    ['writeSucceeded', A.writeSucceeded({ reservationSid: 'WRother', attempts: 1 })],
    ['writeSkippedUnchanged', A.writeSkippedUnchanged({ reservationSid: 'WRother', attempts: 1 })],
    ['writeFailed', A.writeFailed({ reservationSid: 'WRother', attempts: 1, reason: 'x' })],
    ['writeResumed', A.writeResumed({ reservationSid: 'WRother' })],
    ['recordsPruned', A.recordsPruned({ reservationSids: ['WRother'], reason: 'x' })],
    ['customerJoined (other task)', A.customerJoined({ taskSid: 'WTother' })],
    ['customerLeft (other task)', A.customerLeft({ taskSid: 'WTother' })],
    ['otherAgentJoined (other task)', A.otherAgentJoined({ taskSid: 'WTother', workerSid: 'WK' })],
    ['otherAgentLeft (other task)', A.otherAgentLeft({ taskSid: 'WTother', workerSid: 'WK' })],
    ['externalPartyJoined (other task)', A.externalPartyJoined({ taskSid: 'WTother' })],
    ['externalPartyLeft (other task)', A.externalPartyLeft({ taskSid: 'WTother' })],
  ];

  it.each(perReservation)('%s for a reservation or task this browser does not hold changes nothing', (_name, action) => {
    const state = makeState(makeRecord({ transfer: { kind: 'internal', mode: 'WARM', target: 'WQ', targetJoined: false } }));
    expect(hangUpByReducer(state, action)).toBe(state);
  });

  const callEvents: Array<[string, AnyAction]> = [
    ['agentHungUp', A.agentHungUp(ref)],
    ['customerKicked', A.customerKicked(ref)],
    ['conferenceEndedForAll', A.conferenceEndedForAll(ref)],
    ['customerLeft', A.customerLeft({ taskSid: TASK })],
    ['customerJoined', A.customerJoined({ taskSid: TASK })],
    ['transferRequested', A.transferRequested({ ...ref, kind: 'internal', mode: 'COLD', target: 'WQ' })],
    ['transferStarted', A.transferStarted({ ...ref, mode: 'COLD', target: 'WQ' })],
    ['externalTransferStarted', A.externalTransferStarted({ ...ref, mode: 'COLD', destination: '+1' })],
    ['pageUnloadedDuringCall', A.pageUnloadedDuringCall({ reservationSids: [SID] })],
    ['callLostWhilePageAway', A.callLostWhilePageAway(ref)],
    ['voiceTroubleStarted', A.voiceTroubleStarted({ reason: 'voiceReconnecting' })],
    ['voiceLegDisconnected', A.voiceLegDisconnected({ reason: 'disconnect' })],
    ['reservationWrappedUp', A.reservationWrappedUp(ref)],
  ];

  it.each(callEvents)('%s after the call ended (wrapping) changes nothing', (_name, action) => {
    const state = makeState(makeRecord({ status: 'wrapping', decision: { value: 'Customer', evidence: 'callEnded', at: T0 } }));
    expect(hangUpByReducer(state, action)).toBe(state);
  });

  it('CancelTransfer on a completed record changes nothing', () => {
    const state = makeState(
      makeRecord({
        status: 'completed',
        transfer: { kind: 'internal', mode: 'COLD', target: 'WQ', targetJoined: false },
        decision: { value: 'Cold Transfer', evidence: 'transferStarted', at: T0 },
      }),
    );
    expect(hangUpByReducer(state, A.transferCanceled(ref))).toBe(state);
  });

  it('task-wide events reach every live reservation of that task and no other', () => {
    const other = makeRecord({ reservationSid: 'WRother', taskSid: 'WTother' });
    const wrapping = makeRecord({ reservationSid: 'WRwrapping', status: 'wrapping' });
    const state = hangUpByReducer(makeState(makeRecord(), other, wrapping), A.customerLeft({ taskSid: TASK }));
    expect(state.records[SID].decision?.value).toBe('Customer');
    expect(state.records[SID].customerPresent).toBe(false);
    expect(state.records.WRother).toBe(other);
    expect(state.records.WRwrapping).toBe(wrapping);
  });

  it('the page unloading marks every live call of the page, and only live ones', () => {
    const second = makeRecord({ reservationSid: 'WR2' });
    const ended = makeRecord({ reservationSid: 'WR3', status: 'wrapping' });
    const state = hangUpByReducer(makeState(makeRecord(), second, ended), A.pageUnloadedDuringCall({ reservationSids: [SID, 'WR2', 'WR3'] }));
    expect(state.records[SID].decision?.value).toBe('Agent-System-Issue');
    expect(state.records.WR2.decision?.value).toBe('Agent-System-Issue');
    expect(state.records.WR3).toBe(ended);
  });
});

describe('write progress', () => {
  const ALL: WriteStatus[] = ['idle', 'requested', 'writing', 'succeeded', 'unchanged', 'failed'];
  const stateWith = (status: WriteStatus) =>
    makeState(makeRecord({ status: 'wrapping', write: { status, attempts: status === 'idle' ? 0 : 1, trigger: status === 'idle' ? undefined : 'callEnded' } }));
  const write = (state: ReturnType<typeof stateWith>) => state.records[SID].write;

  it('writeRequested moves an idle write to requested with its trigger', () => {
    expect(write(hangUpByReducer(stateWith('idle'), A.writeRequested({ ...ref, trigger: 'completing' })))).toEqual({
      status: 'requested',
      trigger: 'completing',
      attempts: 0,
    });
  });

  it.each(ALL.filter((s) => s !== 'idle'))('writeRequested on a %s write is a no-op: at most one write per reservation', (status) => {
    const state = stateWith(status);
    expect(hangUpByReducer(state, A.writeRequested({ ...ref, trigger: 'completedElsewhere' }))).toBe(state);
  });

  it.each<WriteStatus>(['requested', 'writing'])('writeStarted on a %s write records the target', (status) => {
    const next = hangUpByReducer(stateWith(status), A.writeStarted({ ...ref, target: { hangUpBy: 'External Warm Transfer', destination: '+1' } }));
    expect(write(next)).toMatchObject({ status: 'writing', target: { hangUpBy: 'External Warm Transfer', destination: '+1' } });
  });

  it.each<WriteStatus>(['idle', 'succeeded', 'unchanged', 'failed'])('writeStarted on a %s write is a no-op', (status) => {
    const state = stateWith(status);
    expect(hangUpByReducer(state, A.writeStarted({ ...ref, target: { hangUpBy: 'Agent' } }))).toBe(state);
  });

  it('writeAttemptFailed keeps the highest attempt and the last reason', () => {
    const state = reduce(
      [
        A.writeAttemptFailed({ ...ref, attempt: 3, reason: 'server (503)', retryInMs: 100 }),
        A.writeAttemptFailed({ ...ref, attempt: 2, reason: 'rateLimited (429)', retryInMs: 100 }),
      ],
      stateWith('writing'),
    );
    expect(write(state)).toMatchObject({ status: 'writing', attempts: 3, lastError: 'rateLimited (429)' });
  });

  it.each<[string, AnyAction, object]>([
    ['writeSucceeded', A.writeSucceeded({ ...ref, attempts: 2, at: T0 + 1 }), { status: 'succeeded', attempts: 2, doneAt: T0 + 1 }],
    ['writeSkippedUnchanged', A.writeSkippedUnchanged({ ...ref, attempts: 1, at: T0 + 1 }), { status: 'unchanged', attempts: 1, doneAt: T0 + 1 }],
    ['writeFailed', A.writeFailed({ ...ref, attempts: 8, reason: 'server (503)', at: T0 + 1 }), { status: 'failed', attempts: 8, lastError: 'server (503)', doneAt: T0 + 1 }],
  ])('%s settles a write in progress', (_name, action, expected) => {
    expect(write(hangUpByReducer(stateWith('writing'), action))).toMatchObject(expected);
  });

  const settling: AnyAction[] = [
    A.writeAttemptFailed({ ...ref, attempt: 9, reason: 'late', retryInMs: 1 }),
    A.writeSucceeded({ ...ref, attempts: 9 }),
    A.writeSkippedUnchanged({ ...ref, attempts: 9 }),
    A.writeFailed({ ...ref, attempts: 9, reason: 'late' }),
  ];
  it.each(ALL.filter((s) => s !== 'writing').flatMap((status) => settling.map((action) => [status, action.type, action] as const)))(
    'on a %s write, %s is a no-op',
    (status, _type, action) => {
      const state = stateWith(status);
      expect(hangUpByReducer(state, action)).toBe(state);
    },
  );

  it.each<WriteStatus>(['requested', 'writing'])('writeResumed after a reload requests a %s write again, keeping its target', (status) => {
    const state = makeState(makeRecord({ status: 'wrapping', write: { status, attempts: 2, target: { hangUpBy: 'Agent' }, trigger: 'callEnded' } }));
    expect(write(hangUpByReducer(state, A.writeResumed(ref)))).toEqual({
      status: 'requested',
      trigger: 'resumedAfterReload',
      attempts: 2,
      target: { hangUpBy: 'Agent' },
    });
  });

  it.each<WriteStatus>(['idle', 'succeeded', 'unchanged', 'failed'])('writeResumed on a %s write is a no-op', (status) => {
    const state = stateWith(status);
    expect(hangUpByReducer(state, A.writeResumed(ref))).toBe(state);
  });

  it('recordsPruned removes the named records and only those', () => {
    const state = makeState(makeRecord(), makeRecord({ reservationSid: 'WR2' }), makeRecord({ reservationSid: 'WR3' }));
    const next = hangUpByReducer(state, A.recordsPruned({ reservationSids: [SID, 'WR3', 'WRunknown'], reason: 'completedAndWritten' }));
    expect(Object.keys(next.records)).toEqual(['WR2']);
  });

  it.each<[string, AnyAction]>([
    ['completionHeld', A.completionHeld({ ...ref, budgetMs: 3000 })],
    ['completionReleased', A.completionReleased({ ...ref, waitedMs: 10, writeStatus: 'succeeded' })],
    ['reservationEndedUnaccepted', A.reservationEndedUnaccepted({ ...ref, reason: 'timeout' })],
  ])('%s only tells the story: no state change', (_name, action) => {
    const state = stateWith('writing');
    expect(hangUpByReducer(state, action)).toBe(state);
  });
});

describe('a value overwritten before completion (reservations that share their task)', () => {
  const shared = (overrides: Parameters<typeof makeRecord>[0] = {}) =>
    makeRecord({
      status: 'wrapping',
      sharesTask: true,
      ...overrides,
      write: { status: 'succeeded', attempts: 1, target: { hangUpBy: 'Consult' }, version: '2', ...overrides.write },
    });
  const seen = (version: string, hangUpBy: string | null, destination?: string) =>
    A.taskValueUpdated({ taskSid: TASK, version, hangUpBy, ...(destination ? { destination } : {}) });

  it('taskValueUpdated keeps the latest value of the task, and an older or repeated version changes nothing', () => {
    const state = reduce([seen('4', 'Customer'), seen('3', 'Agent'), seen('4', 'Agent')], makeState(shared()));
    expect(state.records[SID].taskValue).toEqual({ version: '4', hangUpBy: 'Customer' });
  });

  it.each<[string, Parameters<typeof makeRecord>[0]]>([
    ['a reservation that shares no task', { sharesTask: false }],
    ['a completed reservation', { status: 'completed' }],
    ['a reservation of another task', { taskSid: 'WTother' }],
  ])('taskValueUpdated keeps nothing for %s', (_name, overrides) => {
    const state = makeState(shared(overrides));
    expect(hangUpByReducer(state, seen('5', 'Agent'))).toBe(state);
  });

  it('rewriteRequested puts a write overwritten by a later version back in the queue, once, with its target', () => {
    const state = reduce([seen('3', 'Customer'), A.rewriteRequested({ ...ref, found: 'Customer' })], makeState(shared()));
    expect(state.records[SID].write).toEqual({
      status: 'requested',
      trigger: 'overwrittenBeforeCompletion',
      attempts: 0,
      target: { hangUpBy: 'Consult' },
      version: '2',
      rewritten: true,
    });
  });

  it.each<[string, Parameters<typeof makeRecord>[0], AnyAction[]]>([
    ['nobody changed the task since the write', {}, []],
    ['the change came before the write', {}, [seen('1', 'Customer')]],
    ['the later version holds the same value', {}, [seen('3', 'Consult')]],
    ['the second write was already made', { write: { rewritten: true } }, [seen('3', 'Customer')]],
    ['the write failed', { write: { status: 'failed' } }, [seen('3', 'Customer')]],
    ['the reservation shares no task', { sharesTask: false }, [seen('3', 'Customer')]],
  ])('rewriteRequested is a no-op when %s', (_name, overrides, before) => {
    const state = reduce(before, makeState(shared(overrides)));
    expect(hangUpByReducer(state, A.rewriteRequested({ ...ref, found: 'Customer' }))).toBe(state);
  });

  it('an external value counts as overwritten when its destination changed', () => {
    const external = shared({ write: { target: { hangUpBy: 'External Warm Transfer', destination: '+1555' } } });
    const state = reduce([seen('3', 'External Warm Transfer', '+1666')], makeState(external));
    expect(hangUpByReducer(state, A.rewriteRequested({ ...ref, found: 'External Warm Transfer' })).records[SID].write.status).toBe('requested');
  });
});

describe('action creators', () => {
  afterEach(() => jest.restoreAllMocks());

  it('prepare stamps `at` with the current time when the dispatcher gives none', () => {
    jest.spyOn(Date, 'now').mockReturnValue(T0 + 42);
    expect(A.agentHungUp(ref).payload).toEqual({ reservationSid: SID, at: T0 + 42 });
    expect(A.pageUnloadedDuringCall({ reservationSids: [SID] }).payload.at).toBe(T0 + 42);
  });

  it.each([0, T0])('prepare keeps a given `at` (%p)', (at) => {
    jest.spyOn(Date, 'now').mockReturnValue(T0 + 42);
    expect(A.writeSucceeded({ ...ref, attempts: 1, at }).payload.at).toBe(at);
  });

  it('actions are named hangUpBy/<event>', () => {
    expect(A.customerLeft.type).toBe('hangUpBy/customerLeft');
    expect(A.writeRequested.type).toBe('hangUpBy/writeRequested');
  });

  it('the reducer starts empty', () => {
    expect(hangUpByReducer(undefined, { type: '@@INIT' })).toEqual({ records: {} });
  });
});
