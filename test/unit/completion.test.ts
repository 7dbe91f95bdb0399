import { expectSaga } from 'redux-saga-test-plan';
import { hangUpByActions as A } from '../../slices/hangUpBySlice';
import type { ReservationRecord } from '../../slices/reservationRecord';
import { makeRecord, makeRoot, SID, T0 } from '../builders/records';
import { playSteps, putsOfType, rootReducer, type Root, type Step } from '../builders/sagas';
import { makeServices, makeTaskApi } from '../builders/services';

// When each reservation writes (outcomes.md "Write semantics"), with watchCompletion and
// watchWriteRequests forked against the real reducer and a fake TaskRouter.

const ref = { reservationSid: SID };
const live = (overrides: Parameters<typeof makeRecord>[0] = {}) => makeRecord(overrides);
const writeStatus = (sid: string) => (root: Root) => root.hangUpBy.records[sid]?.write.status;
const settled = (sid = SID) => ({ until: (root: Root) => ['succeeded', 'unchanged', 'failed'].includes(writeStatus(sid)(root) ?? '') });
const pruned = (sid = SID) => ({ until: (root: Root) => root.hangUpBy.records[sid] === undefined });

function play(steps: Step[], ...records: ReservationRecord[]) {
  const services = makeServices({ taskApi: makeTaskApi({ conversations: {} }) });
  const saga = expectSaga(playSteps, services, steps).withReducer(rootReducer, makeRoot(...records));
  return { services, saga };
}

const requestedWith = (trigger: string) => ({ action: { type: A.writeRequested.type, payload: { reservationSid: SID, trigger } } });

describe('completion: when a reservation writes', () => {
  it('no transfer: the write is requested at wrap-up, before any completion', async () => {
    const { services, saga } = play([A.customerLeft({ taskSid: live().taskSid }), A.reservationWrappedUp(ref), settled()], live());
    const result = await saga
      .put.like(requestedWith('callEnded'))
      .put.like({ action: { type: A.writeSucceeded.type } })
      .not.put.like({ action: { type: A.recordsPruned.type } })
      .run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Customer' } });
    // Still wrapping: the record stays until its reservation completes.
    expect(result.storeState.hangUpBy.records[SID]).toMatchObject({ status: 'wrapping', write: { status: 'succeeded', trigger: 'callEnded' } });
  });

  it('no transfer: wrap-up writes, completion then prunes the record without a second write', async () => {
    const { services, saga } = play([A.reservationWrappedUp(ref), settled(), A.completionHeld({ ...ref, budgetMs: 3000 }), A.reservationCompleted(ref), pruned()], live());
    const result = await saga
      .put.like({ action: { type: A.recordsPruned.type, payload: { reservationSids: [SID], reason: 'completedAndWritten' } } })
      .run(1000);
    expect(services.taskApi.calls.update).toBe(1);
    expect(putsOfType(result, A.writeRequested.type)).toHaveLength(2); // asked twice, started once
    expect(putsOfType(result, A.writeStarted.type)).toHaveLength(1);
    expect(result.storeState.hangUpBy.records).toEqual({});
  });

  it('a transfer in or out: no write at wrap-up', async () => {
    const record = live({ tookPartInTransfer: true, decision: { value: 'Warm Transfer', evidence: 'agentHungUp', at: T0 } });
    const { services, saga } = play([A.reservationWrappedUp(ref)], record);
    const result = await saga.not.put.like({ action: { type: A.writeRequested.type } }).run(1000);
    expect(services.taskApi.calls.fetchLatest).toBe(0);
    expect(result.storeState.hangUpBy.records[SID]).toMatchObject({ status: 'wrapping', write: { status: 'idle' } });
  });

  it('a transfer in or out: the write waits for the completion to be held, then happens once', async () => {
    const record = live({
      tookPartInTransfer: true,
      consultFrom: 'WKx',
      transferrerPresent: true,
      decision: { value: 'Consult', evidence: 'agentHungUp', at: T0 },
    });
    const { services, saga } = play([A.reservationWrappedUp(ref), A.completionHeld({ ...ref, budgetMs: 3000 }), settled()], record);
    const result = await saga
      .put.like(requestedWith('completing'))
      .not.put.like(requestedWith('callEnded'))
      .run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Consult' } });
    expect(services.taskApi.calls.update).toBe(1);
    expect(result.storeState.hangUpBy.records[SID].write).toMatchObject({ status: 'succeeded', trigger: 'completing' });
  });

  it('completed elsewhere before any write (wrap-up timeout, another tab): written at once, then pruned', async () => {
    const record = live({
      tookPartInTransfer: true,
      status: 'wrapping',
      decision: { value: 'External Warm Transfer', destination: '+15550100', evidence: 'agentHungUp', at: T0 },
    });
    const { services, saga } = play([A.reservationCompleted(ref), pruned()], record);
    await saga.put.like(requestedWith('completedElsewhere')).run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'External Warm Transfer', destination: '+15550100' } });
  });

  it('a cold transfer under the default `clear` policy leaves no key: nothing to write on a task without one', async () => {
    const record = live({ tookPartInTransfer: true, status: 'wrapping', decision: { value: 'Cold Transfer', evidence: 'transferStarted', at: T0 } });
    const { services, saga } = play([A.completionHeld({ ...ref, budgetMs: 3000 }), A.reservationCompleted(ref), pruned()], record);
    await saga.put.like({ action: { type: A.writeSkippedUnchanged.type } }).run(1000);
    expect(services.taskApi.calls.update).toBe(0);
  });

  it('completed while still live: the call ends at completion and the decided value is written', async () => {
    const { services, saga } = play([A.agentHungUp(ref), A.reservationCompleted(ref), pruned()], live());
    await saga.put.like(requestedWith('completedElsewhere')).run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Agent' } });
  });

  it('a completed record whose write is in flight is not written twice, and is pruned once it lands', async () => {
    const { services, saga } = play([A.reservationWrappedUp(ref), A.reservationCompleted(ref), pruned()], live());
    const result = await saga.not.put.like(requestedWith('completedElsewhere')).run(1000);
    expect(services.taskApi.calls.update).toBe(1);
    expect(putsOfType(result, A.recordsPruned.type)).toHaveLength(1);
  });

  it('a failed write is final: the completed record is pruned, nothing retried later', async () => {
    const services = makeServices({ taskApi: makeTaskApi({ conversations: {} }).failNext('update', 1, 'rejected', { status: 403 }) });
    const result = await expectSaga(playSteps, services, [A.reservationWrappedUp(ref), settled(), A.reservationCompleted(ref), pruned()])
      .withReducer(rootReducer, makeRoot(live()))
      .put.like({ action: { type: A.writeFailed.type } })
      .run(1000);
    expect(putsOfType(result, A.writeRequested.type)).toHaveLength(1);
    expect(result.storeState.hangUpBy.records).toEqual({});
  });

  it('pruning takes every finished record and leaves the others', async () => {
    const done = makeRecord({ reservationSid: 'WRdone', status: 'completed', write: { status: 'unchanged', attempts: 1 } });
    const wrapping = makeRecord({ reservationSid: 'WRwrapping', status: 'wrapping', write: { status: 'succeeded', attempts: 1 } });
    const { saga } = play([A.reservationWrappedUp(ref), A.reservationCompleted(ref), pruned()], live(), done, wrapping);
    const result = await saga.run(1000);
    expect(Object.keys(result.storeState.hangUpBy.records)).toEqual(['WRwrapping']);
    const prunedSids = putsOfType(result, A.recordsPruned.type).flatMap((a) => a.payload.reservationSids);
    expect(prunedSids.sort()).toEqual([SID, 'WRdone']);
  });

  it('reservations of different tasks write side by side: one stuck write does not hold up another', async () => {
    const services = makeServices({ taskApi: makeTaskApi({ conversations: {} }).hangNext('fetchLatest', 1), config: { retry: { maxAttempts: 1 } } });
    const other = makeRecord({ reservationSid: 'WR2', taskSid: 'WT2' });
    const result = await expectSaga(playSteps, services, [A.reservationWrappedUp(ref), A.reservationWrappedUp({ reservationSid: 'WR2' }), settled('WR2')])
      .withReducer(rootReducer, makeRoot(live(), other))
      .run(1000);
    expect(result.storeState.hangUpBy.records.WR2.write.status).toBe('succeeded');
  });
});
