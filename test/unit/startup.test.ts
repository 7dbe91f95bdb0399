import { expectSaga } from 'redux-saga-test-plan';
import { hangUpByActions as A } from '../../slices/hangUpBySlice';
import type { ReservationRecord } from '../../slices/reservationRecord';
import { resumeAfterReload, type StartupOptions } from '../../sagas/startup';
import type { SagaServices } from '../../sagas/services';
import { makeRecord, makeRoot, SID, T0 } from '../builders/records';
import { playSteps, putsOfType, rootReducer, type Root } from '../builders/sagas';
import { makeServices, makeTaskApi } from '../builders/services';

// After a reload, from persisted state: lost calls, interrupted writes, reservations completed
// while the page was away.

const PERSIST_KEY = 'hangUpBy:ACxxx:WKagentX';
const rehydrate = (key: string) => ({ type: 'persist/REHYDRATE', key, payload: undefined });

const options = (held: string[] | null, persistKey: string | null = null): StartupOptions => ({
  persistKey,
  heldReservationSids: () => held,
});

const resume = (opts: StartupOptions) => ({ run: (services: SagaServices) => resumeAfterReload(services, opts) });
const gone = (sid = SID) => ({ until: (root: Root) => root.hangUpBy.records[sid] === undefined });

function play(opts: StartupOptions, records: ReservationRecord[], after: Array<{ until: (root: Root) => boolean }> = []) {
  const services = makeServices({ taskApi: makeTaskApi({ conversations: {} }) });
  const saga = expectSaga(playSteps, services, [resume(opts), ...after]).withReducer(rootReducer, makeRoot(...records));
  return { services, saga };
}

describe('resumeAfterReload', () => {
  it('a call still live in persisted state was lost with the page → Agent-System-Issue', async () => {
    const { saga } = play(options([SID]), [makeRecord()]);
    const result = await saga.put.like({ action: { type: A.callLostWhilePageAway.type, payload: { reservationSid: SID } } }).run(1000);
    expect(result.storeState.hangUpBy.records[SID]).toMatchObject({
      status: 'live',
      decision: { value: 'Agent-System-Issue', evidence: 'callLostWhilePageAway' },
    });
  });

  it('a call that had ended before the reload keeps its value: a reload after the call is no system issue', async () => {
    const ended = makeRecord({ status: 'wrapping', decision: { value: 'Customer', evidence: 'customerLeft', at: T0 } });
    const { saga } = play(options([SID]), [ended]);
    const result = await saga.not.put.like({ action: { type: A.callLostWhilePageAway.type } }).run(1000);
    expect(result.storeState.hangUpBy.records[SID].decision?.value).toBe('Customer');
  });

  it('a write the reload interrupted is resumed from its persisted target', async () => {
    const interrupted = makeRecord({
      status: 'wrapping',
      decision: { value: 'Customer', evidence: 'callEnded', at: T0 },
      write: { status: 'writing', trigger: 'callEnded', attempts: 3, target: { hangUpBy: 'Agent' } },
    });
    const { services, saga } = play(options([SID]), [interrupted], [{ until: (r) => r.hangUpBy.records[SID].write.status === 'succeeded' }]);
    const result = await saga
      .put.like({ action: { type: A.writeResumed.type, payload: { reservationSid: SID } } })
      .run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Agent' } });
    expect(result.storeState.hangUpBy.records[SID].write).toMatchObject({ status: 'succeeded', trigger: 'resumedAfterReload' });
    expect(services.log.messages('info')).toEqual([expect.stringContaining(SID)]);
  });

  it('a write requested but never started before the reload is resumed too', async () => {
    const requested = makeRecord({ status: 'wrapping', write: { status: 'requested', trigger: 'callEnded', attempts: 0 } });
    const { services, saga } = play(options([SID]), [requested], [{ until: (r) => r.hangUpBy.records[SID].write.status === 'succeeded' }]);
    await saga.put.like({ action: { type: A.writeResumed.type } }).run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Customer' } });
  });

  it('a call that ended with nothing written (kept by an older version, which waited for Complete) writes now', async () => {
    const ended = makeRecord({ status: 'wrapping', sharesTask: true, decision: { value: 'Consult', evidence: 'agentHungUp', at: T0 } });
    const { services, saga } = play(options([SID]), [ended], [{ until: (r) => r.hangUpBy.records[SID].write.status === 'succeeded' }]);
    await saga.put.like({ action: { type: A.writeRequested.type, payload: { reservationSid: SID, trigger: 'callEnded' } } }).run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Consult' } });
  });

  it('a reservation no longer held was completed while the page was away: completed, written, pruned', async () => {
    const wrapping = makeRecord({ status: 'wrapping', sharesTask: true, decision: { value: 'Agent', evidence: 'agentHungUp', at: T0 } });
    const { services, saga } = play(options([]), [wrapping], [gone()]);
    const result = await saga
      .put.like({ action: { type: A.reservationCompleted.type, payload: { reservationSid: SID } } })
      .put.like({ action: { type: A.writeRequested.type, payload: { reservationSid: SID, trigger: 'completedElsewhere' } } })
      .run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Agent' } });
    expect(result.storeState.hangUpBy.records).toEqual({});
  });

  it('a live call no longer held: lost with the page (Agent-System-Issue), then completed and written', async () => {
    const { services, saga } = play(options([]), [makeRecord()], [gone()]);
    const result = await saga.run(1000);
    const types = result.effects.put?.map((e) => e.payload.action.type) ?? [];
    expect(types.indexOf(A.callLostWhilePageAway.type)).toBeLessThan(types.indexOf(A.reservationCompleted.type));
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Agent-System-Issue' } });
  });

  it('held reservations are not completed; unknown holdings (null) complete nothing', async () => {
    for (const held of [[SID], null]) {
      const { saga } = play(options(held), [makeRecord({ status: 'wrapping' })]);
      const result = await saga.not.put.like({ action: { type: A.reservationCompleted.type } }).run(1000);
      expect(result.storeState.hangUpBy.records[SID].status).toBe('wrapping');
    }
  });

  it('records already completed and settled are pruned at start-up', async () => {
    const finished = makeRecord({ status: 'completed', write: { status: 'succeeded', attempts: 1 } });
    const { saga } = play(options(null), [finished, makeRecord({ reservationSid: 'WRlive', status: 'wrapping' })]);
    const result = await saga
      .put.like({ action: { type: A.recordsPruned.type, payload: { reservationSids: [SID] } } })
      .run(1000);
    expect(Object.keys(result.storeState.hangUpBy.records)).toEqual(['WRlive']);
  });

  it('nothing persisted: nothing put', async () => {
    const { saga } = play(options([]), []);
    const result = await saga.run(1000);
    expect(result.effects.put).toBeUndefined();
  });

  describe('with a persist key', () => {
    const run = () => expectSaga(resumeAfterReload, makeServices(), options([SID], PERSIST_KEY)).withReducer(rootReducer, makeRoot(makeRecord()));

    it('waits for the rehydration of its own key before reading the state', async () => {
      const result = await run().dispatch(rehydrate('someOtherPlugin')).silentRun(30);
      expect(putsOfType(result, A.callLostWhilePageAway.type)).toEqual([]);
    });

    it('goes on once its key is rehydrated', async () => {
      const result = await run()
        .dispatch(rehydrate('someOtherPlugin'))
        .dispatch(rehydrate(PERSIST_KEY))
        .put.like({ action: { type: A.callLostWhilePageAway.type, payload: { reservationSid: SID } } })
        .run(1000);
      expect(result.storeState.hangUpBy.records[SID].decision?.value).toBe('Agent-System-Issue');
    });
  });
});
