import { expectSaga } from 'redux-saga-test-plan';
import { hangUpByActions as A } from '../../slices/hangUpBySlice';
import type { HangUpBy, TransferPolicy } from '../../slices/outcomes';
import type { Decision, ReservationRecord } from '../../slices/reservationRecord';
import { writeReservation } from '../../sagas/writeAttributes';
import { makeRecord, makeRoot, SID, T0, TASK } from '../builders/records';
import { putActions, putsOfType, rootReducer, type Root } from '../builders/sagas';
import { deferred, macrotask, makeClock, makeServices, makeTaskApi, type TestServices } from '../builders/services';

// The single write of one reservation, against a fake TaskRouter: merge into the latest
// attributes, retry what can succeed later, end every way out as an action.

const REQUEST_TIMEOUT = 7_777; // distinct from every backoff delay, so the clock's sleeps tell them apart

/** A wrapped-up reservation whose write was requested. */
const requested = (overrides: Parameters<typeof makeRecord>[0] = {}): ReservationRecord =>
  makeRecord({
    status: 'wrapping',
    decision: { value: 'Agent', evidence: 'agentHungUp', at: T0 },
    ...overrides,
    write: { status: 'requested', trigger: 'callEnded', attempts: 0, ...overrides.write },
  });

function services(attributes: unknown = { conversations: { conversation_id: 'WTabc' } }, overrides: Partial<TestServices> = {}) {
  return makeServices({
    taskApi: makeTaskApi(attributes),
    config: { retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, requestTimeoutMs: REQUEST_TIMEOUT, tokenWaitMs: 60_000 } },
    ...overrides,
  });
}

function run(s: TestServices, record: ReservationRecord = requested()) {
  return expectSaga(writeReservation, s, record.reservationSid).withReducer(rootReducer, makeRoot(record));
}

const writeOf = (result: { storeState: Root }) => result.storeState.hangUpBy.records[SID].write;
const backoffSleeps = (s: TestServices) => s.clock.sleeps.filter((ms) => ms !== REQUEST_TIMEOUT);

describe('writeReservation', () => {
  it('merges the value into the latest attributes, with the version read, and records success', async () => {
    const s = services({ conversations: { conversation_id: 'WTabc', hang_up_by: 'Customer' }, caller: '+1555' });
    s.taskApi.changeElsewhere((a) => ({ ...a, addedBeforeTheWrite: true })); // the latest, not a stale copy
    const result = await run(s)
      .put.like({ action: { type: A.writeStarted.type, payload: { reservationSid: SID, target: { hangUpBy: 'Agent' } } } })
      .put.like({ action: { type: A.writeSucceeded.type, payload: { reservationSid: SID, attempts: 1 } } })
      .not.put.like({ action: { type: A.writeAttemptFailed.type } })
      .run();
    expect(s.taskApi.attributes).toEqual({
      conversations: { conversation_id: 'WTabc', hang_up_by: 'Agent' },
      caller: '+1555',
      addedBeforeTheWrite: true,
    });
    expect(s.taskApi.updates).toEqual([{ attributes: s.taskApi.attributes, version: '2' }]);
    expect(writeOf(result)).toMatchObject({ status: 'succeeded', attempts: 1, target: { hangUpBy: 'Agent' }, doneAt: expect.any(Number) });
  });

  it('the task as this browser holds it already has the value → writeSkippedUnchanged, with no read and no update', async () => {
    const s = services({ conversations: { hang_up_by: 'Agent' } });
    s.taskApi.held = () => ({ attributes: { conversations: { hang_up_by: 'Agent' } }, version: '4' });
    const result = await run(s).put.like({ action: { type: A.writeSkippedUnchanged.type, payload: { attempts: 0, version: '4' } } }).run();
    expect(s.taskApi.calls).toEqual({ fetchLatest: 0, update: 0 });
    expect(writeOf(result)).toMatchObject({ status: 'unchanged', version: '4' });
  });

  it('the held task lacks the value → the write reads the latest first (the held copy may be behind) and writes', async () => {
    const s = services({ conversations: { hang_up_by: 'Customer' }, addedSinceTheHeldCopy: true });
    s.taskApi.held = () => ({ attributes: { conversations: { hang_up_by: 'Customer' } }, version: '1' });
    await run(s).put.like({ action: { type: A.writeSucceeded.type, payload: { attempts: 1 } } }).run();
    expect(s.taskApi.calls).toEqual({ fetchLatest: 1, update: 1 });
    expect(s.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Agent' }, addedSinceTheHeldCopy: true });
  });

  it('the value already there → writeSkippedUnchanged, and no update call', async () => {
    const s = services({ conversations: { hang_up_by: 'Agent' } });
    const result = await run(s)
      .put.like({ action: { type: A.writeSkippedUnchanged.type, payload: { attempts: 1 } } })
      .not.put.like({ action: { type: A.writeSucceeded.type } })
      .run();
    expect(s.taskApi.calls.update).toBe(0);
    expect(writeOf(result).status).toBe('unchanged');
  });

  it.each<{ value: HangUpBy; policy: TransferPolicy; destination?: string; conversations: Record<string, unknown> }>([
    { value: 'Customer', policy: 'clear', conversations: { hang_up_by: 'Customer' } },
    { value: 'Agent-System-Issue', policy: 'clear', conversations: { hang_up_by: 'Agent-System-Issue' } },
    { value: 'Consult', policy: 'clear', conversations: { hang_up_by: 'Consult' } },
    { value: 'Warm Transfer', policy: 'clear', conversations: {} },
    { value: 'Cold Transfer', policy: 'clear', conversations: {} },
    { value: 'Warm Transfer', policy: 'label', conversations: { hang_up_by: 'Warm Transfer' } },
    { value: 'Cold Transfer', policy: 'label', conversations: { hang_up_by: 'Cold Transfer' } },
    { value: 'External Warm Transfer', policy: 'clear', destination: '+15550100', conversations: { hang_up_by: 'External Warm Transfer', destination: '+15550100' } },
    { value: 'External Cold Transfer', policy: 'label', destination: '+15550100', conversations: { hang_up_by: 'External Cold Transfer', destination: '+15550100' } },
  ])('decision $value with transferPolicy $policy → conversations $conversations', async ({ value, policy, destination, conversations }) => {
    const s = makeServices({
      taskApi: makeTaskApi({ conversations: { hang_up_by: 'written by an earlier segment' } }),
      config: { transferPolicy: policy },
    });
    const decision: Decision = { value, evidence: 'test', at: T0, ...(destination ? { destination } : {}) };
    await run(s, requested({ decision })).run();
    expect(s.taskApi.attributes).toEqual({ conversations });
  });

  it('an undecided record writes the default the rules give it', async () => {
    const s = services();
    await run(s, requested({ decision: null, consultFrom: 'WKx', transferrerPresent: true })).run();
    expect(s.taskApi.attributes).toMatchObject({ conversations: { hang_up_by: 'Consult' } });
  });

  it('a persisted target (write resumed after reload) is written as it was, not recomputed', async () => {
    const s = services();
    const record = requested({
      decision: { value: 'Customer', evidence: 'callEnded', at: T0 },
      write: { status: 'requested', trigger: 'resumedAfterReload', attempts: 2, target: { hangUpBy: 'Agent-System-Issue' } },
    });
    await run(s, record).run();
    expect(s.taskApi.attributes).toMatchObject({ conversations: { hang_up_by: 'Agent-System-Issue' } });
  });

  it('429 twice with Retry-After, then success: waits at least Retry-After on the injected clock each time', async () => {
    const s = services();
    s.taskApi.failNext('update', 2, 'rateLimited', { status: 429, retryAfterMs: 2500 });
    const result = await run(s).run();
    const actions = putActions(result).map((a) => a.type);
    expect(actions).toEqual([
      A.writeStarted.type,
      A.writeAttemptFailed.type,
      A.writeAttemptFailed.type,
      A.writeSucceeded.type,
    ]);
    const failures = putsOfType(result, A.writeAttemptFailed.type).map((a) => a.payload);
    expect(failures).toMatchObject([
      { attempt: 1, reason: 'rateLimited (429)' },
      { attempt: 2, reason: 'rateLimited (429)' },
    ]);
    failures.forEach((f) => expect(f.retryInMs).toBeGreaterThanOrEqual(2500));
    expect(backoffSleeps(s)).toEqual(failures.map((f) => f.retryInMs));
    expect(writeOf(result)).toMatchObject({ status: 'succeeded', attempts: 3, lastError: 'rateLimited (429)' });
    expect(s.taskApi.attributes).toMatchObject({ conversations: { hang_up_by: 'Agent' } });
  });

  it('backoff sleeps grow with each retry (jitter from the injected random)', async () => {
    const s = services(undefined, { random: () => 0.999 });
    s.taskApi.failNext('fetchLatest', 3, 'network');
    const result = await run(s).run();
    expect(backoffSleeps(s)).toEqual([100, 200, 400]);
    expect(writeOf(result).status).toBe('succeeded');
  });

  it('503 on every attempt → writeFailed after maxAttempts, recorded as failed, one warning', async () => {
    const s = services();
    s.taskApi.failNext('update', 10, 'server', { status: 503 });
    const result = await run(s)
      .put.like({ action: { type: A.writeFailed.type, payload: { attempts: 4, reason: 'server (503)' } } })
      .not.put.like({ action: { type: A.writeSucceeded.type } })
      .run();
    expect(s.taskApi.calls.update).toBe(4);
    expect(putsOfType(result, A.writeAttemptFailed.type)).toHaveLength(3);
    expect(writeOf(result)).toMatchObject({ status: 'failed', attempts: 4, lastError: 'server (503)' });
    expect(s.log.messages('warn')).toEqual([expect.stringContaining(SID)]);
  });

  it.each<[string, 'rejected' | 'unavailable', number | undefined]>([
    ['403', 'rejected', 403],
    ['400', 'rejected', 400],
    ['404', 'rejected', 404],
    ['a task this browser cannot reach', 'unavailable', undefined],
  ])('%s → writeFailed after one attempt, no retry, no sleep', async (_name, kind, status) => {
    const s = services();
    s.taskApi.failNext('update', 1, kind, { status });
    const result = await run(s)
      .put.like({ action: { type: A.writeFailed.type, payload: { attempts: 1 } } })
      .not.put.like({ action: { type: A.writeAttemptFailed.type } })
      .run();
    expect(s.taskApi.calls.update).toBe(1);
    expect(backoffSleeps(s)).toEqual([]);
    expect(writeOf(result).status).toBe('failed');
  });

  it('a version conflict re-reads and re-merges at once: the change made in between is kept', async () => {
    const s = services({ conversations: { conversation_id: 'WTabc' }, queue: 'Sales' });
    s.taskApi.beforeNextUpdate = () =>
      s.taskApi.changeElsewhere((a) => ({ ...a, queue: 'Support', conversations: { ...(a.conversations as object), abandoned: 'No' } }));
    const result = await run(s)
      .put.like({ action: { type: A.writeAttemptFailed.type, payload: { attempt: 1, reason: 'conflict (412)', retryInMs: 0 } } })
      .put.like({ action: { type: A.writeSucceeded.type, payload: { attempts: 2 } } })
      .run();
    expect(s.taskApi.calls.fetchLatest).toBe(2);
    expect(s.taskApi.attributes).toEqual({
      queue: 'Support',
      conversations: { conversation_id: 'WTabc', abandoned: 'No', hang_up_by: 'Agent' },
    });
    expect(backoffSleeps(s)).toEqual([]);
    expect(writeOf(result).status).toBe('succeeded');
  });

  it('version conflicts have a budget of their own: failures before them still get every attempt', async () => {
    const s = services();
    s.taskApi.failNext('update', 3, 'conflict', { status: 412 });
    s.taskApi.failNext('update', 3, 'server', { status: 503 });
    const result = await run(s).put.like({ action: { type: A.writeSucceeded.type, payload: { attempts: 7 } } }).run();
    expect(s.taskApi.calls.update).toBe(7);
    expect(writeOf(result).status).toBe('succeeded');
  });

  it('a version conflict on every attempt → writeFailed once the conflicts reach maxAttempts', async () => {
    const s = services();
    s.taskApi.failNext('update', 10, 'conflict', { status: 412 });
    const result = await run(s).put.like({ action: { type: A.writeFailed.type, payload: { attempts: 4, reason: 'conflict (412)' } } }).run();
    expect(s.taskApi.calls.update).toBe(4);
    expect(writeOf(result).status).toBe('failed');
  });

  it('a write resumed after a reload goes on counting its attempts: no more than maxAttempts in all', async () => {
    const s = services();
    s.taskApi.failNext('update', 10, 'server', { status: 503 });
    const resumed = requested({ write: { status: 'requested', trigger: 'resumedAfterReload', attempts: 3, lastError: 'server (503)' } });
    const result = await run(s, resumed).put.like({ action: { type: A.writeFailed.type, payload: { attempts: 4 } } }).run();
    expect(s.taskApi.calls.update).toBe(1);
    expect(writeOf(result)).toMatchObject({ status: 'failed', attempts: 4 });
  });

  it.each<[string, unknown]>([
    ['not JSON', 'conversations=broken'],
    ['conversations is not an object', { conversations: 'Agent' }],
  ])('malformed attributes (%s) → writeFailed, no update call, a warning', async (_name, attributes) => {
    const s = services(attributes);
    const result = await run(s)
      .put.like({ action: { type: A.writeFailed.type, payload: { attempts: 1 } } })
      .run();
    expect(s.taskApi.calls.update).toBe(0);
    expect(s.taskApi.attributes).toBe(attributes);
    expect(writeOf(result)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^malformedAttributes/) });
    expect(s.log.messages('warn')).toEqual([expect.stringContaining(`${SID}: not written`)]);
  });

  it('an expired token waits for the refreshed one, then the write succeeds', async () => {
    const refreshed = deferred();
    const s = services(undefined, { clock: makeClock({ auto: false }), tokenRefreshed: () => refreshed.promise });
    s.taskApi.failNext('update', 1, 'tokenExpired', { status: 401 });
    const running = run(s).run(1000);
    await macrotask();
    expect(s.taskApi.calls.update).toBe(1); // waiting, not retrying
    refreshed.resolve();
    const result = await running;
    expect(s.taskApi.calls.update).toBe(2);
    expect(putActions(result).map((a) => a.type)).toEqual([A.writeStarted.type, A.writeAttemptFailed.type, A.writeSucceeded.type]);
    expect(writeOf(result).status).toBe('succeeded');
  });

  it('an expired token that is never refreshed → writeFailed once the token wait is over', async () => {
    const s = services();
    s.taskApi.failNext('update', 1, 'tokenExpired', { status: 401 });
    const result = await run(s)
      .put.like({ action: { type: A.writeFailed.type, payload: { attempts: 1, reason: 'tokenExpired (401)' } } })
      .run();
    expect(s.clock.sleeps).toContain(60_000);
    expect(writeOf(result).status).toBe('failed');
  });

  it('an update that never answers times out on the injected clock and is retried', async () => {
    const s = services();
    s.taskApi.hangNext('update', 1);
    const result = await run(s)
      .put.like({ action: { type: A.writeAttemptFailed.type, payload: { attempt: 1, reason: 'timeout' } } })
      .put.like({ action: { type: A.writeSucceeded.type, payload: { attempts: 2 } } })
      .run();
    expect(s.taskApi.calls.update).toBe(2);
    expect(s.taskApi.updates).toHaveLength(1);
    expect(writeOf(result).status).toBe('succeeded');
  });

  it('a fetch that never answers times out and is retried', async () => {
    const s = services();
    s.taskApi.hangNext('fetchLatest', 1);
    await run(s)
      .put.like({ action: { type: A.writeAttemptFailed.type, payload: { attempt: 1, reason: 'timeout' } } })
      .put.like({ action: { type: A.writeSucceeded.type, payload: { attempts: 2 } } })
      .run();
  });

  it('TaskRouter never answering → writeFailed(timeout) after maxAttempts, never a success', async () => {
    const s = services();
    s.taskApi.hangNext('update', 10);
    const result = await run(s)
      .put.like({ action: { type: A.writeFailed.type, payload: { attempts: 4, reason: 'timeout' } } })
      .not.put.like({ action: { type: A.writeSucceeded.type } })
      .run();
    expect(s.clock.sleeps.filter((ms) => ms === REQUEST_TIMEOUT).length).toBeGreaterThanOrEqual(4);
    expect(writeOf(result).status).toBe('failed');
  });

  it('an error that is not a TaskApiError is treated as a network error and retried', async () => {
    const s = services();
    const update = s.taskApi.update;
    let first = true;
    s.taskApi.update = (...args) => {
      if (first) {
        first = false;
        return Promise.reject(new Error('socket closed'));
      }
      return update(...args);
    };
    await run(s)
      .put.like({ action: { type: A.writeAttemptFailed.type, payload: { attempt: 1, reason: 'network' } } })
      .put.like({ action: { type: A.writeSucceeded.type, payload: { attempts: 2 } } })
      .run();
  });

  it('a record that is gone does nothing', async () => {
    const s = services();
    const result = await expectSaga(writeReservation, s, 'WRgone').withReducer(rootReducer, makeRoot()).run();
    expect(putActions(result)).toEqual([]);
    expect(s.taskApi.calls.fetchLatest).toBe(0);
  });

  it('writes to the task of the record', async () => {
    const s = services();
    const seen: string[] = [];
    const fetchLatest = s.taskApi.fetchLatest;
    s.taskApi.fetchLatest = (taskSid, reservationSid) => {
      seen.push(`${taskSid}/${reservationSid}`);
      return fetchLatest(taskSid, reservationSid);
    };
    await run(s).run();
    expect(seen).toEqual([`${TASK}/${SID}`]);
  });
});
