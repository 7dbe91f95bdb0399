import { expectSaga } from 'redux-saga-test-plan';
import { hangUpByActions as A } from '../../slices/hangUpBySlice';
import type { ReservationRecord } from '../../slices/reservationRecord';
import { makeRecord, makeRoot, SID, T0, TASK } from '../builders/records';
import { playSteps, putsOfType, rootReducer, type Root, type Step } from '../builders/sagas';
import { deferred, makeServices, makeTaskApi } from '../builders/services';

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
    expect(putsOfType(result, A.writeRequested.type)).toHaveLength(1);
    expect(putsOfType(result, A.rewriteRequested.type)).toHaveLength(0);
    expect(result.storeState.hangUpBy.records).toEqual({});
  });

  it('a transfer in or out writes at wrap-up too, before any completion', async () => {
    const record = live({ sharesTask: true, consultFrom: 'WKx', decision: { value: 'Consult', evidence: 'agentHungUp', at: T0 } });
    const { services, saga } = play([A.reservationWrappedUp(ref), settled()], record);
    const result = await saga.put.like(requestedWith('callEnded')).run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Consult' } });
    // The version the write left is kept: a later one is another reservation's change.
    expect(result.storeState.hangUpBy.records[SID].write).toMatchObject({ status: 'succeeded', trigger: 'callEnded', version: '2' });
  });

  const consulted = () => live({ sharesTask: true, consultFrom: 'WKx', decision: { value: 'Consult', evidence: 'agentHungUp', at: T0 } });
  const update = (version: string, hangUpBy: string | null) => A.taskValueUpdated({ taskSid: TASK, version, hangUpBy });
  const held = A.completionHeld({ ...ref, budgetMs: 3000 });

  it('shares its task and nobody changed the value since its write: Complete asks for nothing, no read is made', async () => {
    const { services, saga } = play([A.reservationWrappedUp(ref), settled(), update('2', 'Consult'), held], consulted());
    await saga.not.put.like({ action: { type: A.rewriteRequested.type } }).run(1000);
    expect(services.taskApi.calls).toEqual({ fetchLatest: 1, update: 1 });
  });

  it('another reservation of the call wrote after this one: Complete writes the value once more', async () => {
    const services = makeServices({ taskApi: makeTaskApi({ conversations: {} }) });
    const steps = [
      A.reservationWrappedUp(ref),
      settled(),
      { run: function* () { services.taskApi.changeElsewhere(() => ({ conversations: { hang_up_by: 'Customer' } })); } },
      update('3', 'Customer'),
      held,
      { until: (root: Root) => root.hangUpBy.records[SID].write.rewritten === true && settled().until(root) },
    ];
    const result = await expectSaga(playSteps, services, steps)
      .withReducer(rootReducer, makeRoot(consulted()))
      .put.like({ action: { type: A.rewriteRequested.type, payload: { reservationSid: SID, found: 'Customer' } } })
      .put.like({ action: { type: A.writeRequested.type } })
      .run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Consult' } });
    expect(services.taskApi.calls.update).toBe(2);
    expect(result.storeState.hangUpBy.records[SID].write).toMatchObject({ status: 'succeeded', trigger: 'overwrittenBeforeCompletion', rewritten: true, version: '4' });
  });

  it.each<[string, Parameters<typeof update>]>([
    ['an update no later than its own write', ['2', 'Customer']],
    ['a later update that holds its value', ['3', 'Consult']],
  ])('%s asks for no second write', async (_name, args) => {
    const { services, saga } = play([A.reservationWrappedUp(ref), settled(), update(...args), held], consulted());
    await saga.not.put.like({ action: { type: A.rewriteRequested.type } }).run(1000);
    expect(services.taskApi.calls.update).toBe(1);
  });

  it('a reservation that shares no task is not written twice, whatever the task shows', async () => {
    const plain = live({ decision: { value: 'Agent', evidence: 'agentHungUp', at: T0 } });
    const { services, saga } = play([A.reservationWrappedUp(ref), settled(), update('9', 'Customer'), held], plain);
    const result = await saga.not.put.like({ action: { type: A.rewriteRequested.type } }).run(1000);
    expect(services.taskApi.calls.update).toBe(1);
    // Updates are kept only for reservations that share their task.
    expect(result.storeState.hangUpBy.records[SID].taskValue).toBeUndefined();
  });

  it('Complete while the first write is still under way: the check waits for it to land, and a change it already read is no overwrite', async () => {
    const services = makeServices({ taskApi: makeTaskApi({ conversations: {} }) });
    const inFlight = deferred();
    const send = services.taskApi.update;
    services.taskApi.update = (...args) => inFlight.promise.then(() => send(...args));
    const steps = [
      A.reservationWrappedUp(ref),
      held,
      // Another reservation writes while this one's update is on its way: the update conflicts,
      // re-reads the change (version 2) and lands after it (version 3).
      { run: function* () { services.taskApi.changeElsewhere(() => ({ conversations: { hang_up_by: 'Agent' } })); } },
      update('2', 'Agent'),
      { run: function* () { inFlight.resolve(); } },
      settled(),
    ];
    const result = await expectSaga(playSteps, services, steps).withReducer(rootReducer, makeRoot(consulted())).run(1000);
    expect(putsOfType(result, A.rewriteRequested.type)).toHaveLength(0);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Consult' } });
    expect(result.storeState.hangUpBy.records[SID].write).toMatchObject({ status: 'succeeded', version: '3' });
  });

  it('completed elsewhere before any write (wrap-up timeout, another tab): written at once, then pruned', async () => {
    const record = live({
      status: 'wrapping',
      decision: { value: 'External Warm Transfer', destination: '+15550100', evidence: 'agentHungUp', at: T0 },
    });
    const { services, saga } = play([A.reservationCompleted(ref), pruned()], record);
    await saga.put.like(requestedWith('completedElsewhere')).run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'External Warm Transfer', destination: '+15550100' } });
  });

  it('a cold transfer under the default `clear` policy leaves no key: nothing to write on a task without one', async () => {
    const record = live({ sharesTask: true, status: 'wrapping', decision: { value: 'Cold Transfer', evidence: 'transferStarted', at: T0 } });
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
