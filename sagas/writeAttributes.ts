import { call, fork, put, race, select, take } from 'redux-saga/effects';
import type { PayloadAction } from '@reduxjs/toolkit';
import { hangUpByActions, selectRecord } from '../slices/hangUpBySlice';
import { attributeTargetFor, type AttributeTarget } from '../slices/outcomes';
import { valueWhenUndecided, type Decision, type ReservationRecord } from '../slices/reservationRecord';
import { backoffDelay } from './backoff';
import { mergeAttributes } from './mergeAttributes';
import { TaskApiError, type LatestAttributes, type SagaServices } from './services';
import type { Saga } from './saga';

const { writeRequested, writeResumed, rewriteRequested, writeStarted, writeAttemptFailed, writeSucceeded, writeSkippedUnchanged, writeFailed } =
  hangUpByActions;

/** The attributes this record's segment must carry. */
export function targetFor(record: ReservationRecord, services: SagaServices): AttributeTarget {
  const decision: Pick<Decision, 'value' | 'destination'> = record.decision ?? { value: valueWhenUndecided(record) };
  return attributeTargetFor(decision.value, services.config.transferPolicy, decision.destination);
}

function asTaskApiError(error: unknown): TaskApiError {
  if (error instanceof TaskApiError) return error;
  return new TaskApiError('network', error instanceof Error ? error.message : String(error));
}

const RETRYABLE = new Set(['rateLimited', 'server', 'network', 'timeout', 'conflict']);

/** A task call that gives up after the configured request timeout (on the injected clock). */
function* withTimeout<T>(services: SagaServices, fn: () => Promise<T>): Saga<T> {
  // race() returns only the winner's key: a sleep that won resolves undefined, so test the key.
  const outcome: { result?: T; timedOut?: void } = yield race({
    result: call(fn),
    timedOut: call(services.clock.sleep, services.config.retry.requestTimeoutMs),
  });
  if ('timedOut' in outcome) throw new TaskApiError('timeout', 'TaskRouter did not answer in time');
  return outcome.result as T;
}

/**
 * The single write of one reservation: read the latest attributes, merge, write with the version
 * read; retry what can succeed later. Every way out is an action; nothing is thrown.
 */
export function* writeReservation(services: SagaServices, reservationSid: string): Saga {
  const { clock, log, taskApi, config } = services;
  const record: ReservationRecord | undefined = yield select(selectRecord, reservationSid);
  if (!record) return;
  const target = record.write.target ?? targetFor(record, services);
  yield put(writeStarted({ reservationSid, target, at: clock.now() }));

  // Read the task only when the write needs it: when the task as this browser holds it (kept
  // current by TaskRouter's updates) already has the value, nothing is read and nothing written.
  // Otherwise the read comes right before the write, which keeps the window in which another
  // system's change can be overwritten (no version check, README "Versions") to one round trip.
  const held = taskApi.held?.(record.taskSid, reservationSid);
  if (held && mergeAttributes(held.attributes, target).kind === 'unchanged') {
    yield put(writeSkippedUnchanged({ reservationSid, attempts: 0, version: held.version, at: clock.now() }));
    return;
  }

  // A write resumed after a reload goes on counting the attempts it made before: a reload never
  // buys a write more attempts than `retry.maxAttempts`. Version conflicts are counted apart: each
  // one means another write landed (progress, and a call's own reservations may write at once),
  // so they have a budget of their own rather than using up the one for failures.
  let attempt = record.write.attempts;
  let conflicts = 0;
  for (;;) {
    attempt += 1;
    try {
      const latest: LatestAttributes = yield* withTimeout(services, () =>
        taskApi.fetchLatest(record.taskSid, reservationSid),
      );
      const merged = mergeAttributes(latest.attributes, target);
      if (merged.kind === 'unchanged') {
        yield put(writeSkippedUnchanged({ reservationSid, attempts: attempt, version: latest.version, at: clock.now() }));
        return;
      }
      if (merged.kind === 'malformed') {
        // Writing would replace data we cannot read: leave the task alone and say so.
        log.warn(`[hang-up-by] ${reservationSid}: not written, ${merged.reason}`, latest.attributes);
        yield put(writeFailed({ reservationSid, attempts: attempt, reason: `malformedAttributes: ${merged.reason}`, at: clock.now() }));
        return;
      }
      const written: { version?: string } = yield* withTimeout(services, () =>
        taskApi.update(record.taskSid, reservationSid, merged.attributes, latest.version),
      );
      yield put(writeSucceeded({ reservationSid, attempts: attempt, version: written.version, at: clock.now() }));
      return;
    } catch (caught) {
      const error = asTaskApiError(caught);
      const reason = error.status ? `${error.kind} (${error.status})` : error.kind;
      if (error.kind === 'tokenExpired') {
        // Not the task's fault: wait for Flex to refresh the token, then try again.
        yield put(writeAttemptFailed({ reservationSid, attempt, reason, retryInMs: 0, at: clock.now() }));
        const outcome: { refreshed?: void; gaveUp?: void } = yield race({
          refreshed: call(services.tokenRefreshed),
          gaveUp: call(clock.sleep, config.retry.tokenWaitMs),
        });
        if ('refreshed' in outcome && attempt - conflicts < config.retry.maxAttempts) continue;
      }
      if (error.kind === 'conflict') conflicts += 1;
      const spent = error.kind === 'conflict' ? conflicts : attempt - conflicts;
      if (!RETRYABLE.has(error.kind) || spent >= config.retry.maxAttempts) {
        log.warn(`[hang-up-by] ${reservationSid}: write failed after ${attempt} attempt(s): ${reason}`, error.message);
        yield put(writeFailed({ reservationSid, attempts: attempt, reason, at: clock.now() }));
        return;
      }
      // A conflict means someone else changed the task: re-read and re-merge at once.
      const delayMs =
        error.kind === 'conflict' ? 0 : backoffDelay(attempt, config.retry, services.random(), error.retryAfterMs);
      yield put(writeAttemptFailed({ reservationSid, attempt, reason, retryInMs: delayMs, at: clock.now() }));
      if (delayMs > 0) yield call(clock.sleep, delayMs);
    }
  }
}

/**
 * Keyed concurrency: at most one write runs per reservation, and writes of different
 * reservations run side by side (one agent's 429 storm never delays another reservation's write).
 */
export function* watchWriteRequests(services: SagaServices): Saga {
  const running = new Set<string>();
  function* runOne(reservationSid: string): Saga {
    running.add(reservationSid);
    try {
      yield call(writeReservation, services, reservationSid);
    } catch (error) {
      services.log.error(`[hang-up-by] ${reservationSid}: write stopped by an unexpected error`, String(error));
      yield put(writeFailed({ reservationSid, attempts: 0, reason: 'unexpected', at: services.clock.now() }));
    } finally {
      running.delete(reservationSid);
    }
  }
  for (;;) {
    const action: PayloadAction<{ reservationSid: string }> = yield take([writeRequested.type, writeResumed.type, rewriteRequested.type]);
    const { reservationSid } = action.payload;
    const record: ReservationRecord | undefined = yield select(selectRecord, reservationSid);
    if (record?.write.status === 'requested' && !running.has(reservationSid)) {
      yield fork(runOne, reservationSid);
    }
  }
}
