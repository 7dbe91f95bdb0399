import { EventEmitter } from 'events';
import { expectSaga } from 'redux-saga-test-plan';
import type { EventChannel } from 'redux-saga';
import { call, take } from 'redux-saga/effects';
import { hangUpByActions as A } from '../../slices/hangUpBySlice';
import type { EventSource, PluginEvent, ReservationEvent } from '../../sagas/events';
import { rootSaga, type RootSagaOptions } from '../../sagas/rootSaga';
import type { SagaServices } from '../../sagas/services';
import { sourceChannel } from '../../sagas/sourceChannel';
import { makeRecord, makeRoot, SID, TASK } from '../builders/records';
import { playSteps, putsOfType, rootReducer, type Root, type Step } from '../builders/sagas';
import { makeServices, makeTaskApi } from '../builders/services';

// The plugin saga end to end with a real emitter as its only source: channels, routers, watchers.

function emitterSource(emitter: EventEmitter, name = 'test'): EventSource {
  return {
    name,
    subscribe(emit) {
      const onEvent = (event: PluginEvent) => emit(event);
      emitter.on('event', onEvent);
      return () => emitter.removeListener('event', onEvent);
    },
  };
}

const reservation = (event: ReservationEvent['event'], status = 'accepted'): ReservationEvent => ({
  kind: 'reservation',
  event,
  reservation: { reservationSid: SID, taskSid: TASK, taskChannel: 'voice', status, direction: 'inbound', incomingTransfer: null },
});
const hangUp: PluginEvent = { kind: 'flexAction', phase: 'before', name: 'HangupCall', reservationSid: SID, taskSid: TASK, taskChannel: 'voice' };

/** A step that emits on the emitter, as the SDK would. */
const emit = (emitter: EventEmitter, ...events: PluginEvent[]): Step => ({
  run: function* emitting() {
    for (const event of events) emitter.emit('event', event);
  },
});
const written = { until: (root: Root) => root.hangUpBy.records[SID]?.write.status === 'succeeded' };

function setup(overrides: Partial<RootSagaOptions> = {}) {
  const emitter = new EventEmitter();
  const services = makeServices({ taskApi: makeTaskApi({ conversations: {} }) });
  const options: RootSagaOptions = { sources: [emitterSource(emitter)], persistKey: null, heldReservationSids: () => null, ...overrides };
  const plugin = (s: SagaServices) => rootSaga(s, options);
  return { emitter, services, plugin };
}

describe('rootSaga', () => {
  it('source events become the story: accepted, Hang Up, wrap-up → Agent written at wrap-up', async () => {
    const { emitter, services, plugin } = setup();
    const result = await expectSaga(playSteps, services, [emit(emitter, reservation('accepted'), hangUp, reservation('wrapup', 'wrapping')), written], [plugin])
      .withReducer(rootReducer, makeRoot())
      .run(1000);
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Agent' } });
    expect(result.storeState.hangUpBy.records[SID].write.trigger).toBe('callEnded');
  });

  it('a router that throws skips that one event, logs one error, and the next event is still recorded', async () => {
    let calls = 0;
    const { emitter, services, plugin } = setup({
      routers: {
        crmSignal: function* flaky() {
          calls += 1;
          throw new Error('cannot read the CRM signal');
        },
      },
    });
    // An extension's own event kind (rootSaga routes any kind it has a router for).
    const crmSignal = { kind: 'crmSignal' } as unknown as PluginEvent;
    const customerLeft: PluginEvent = { kind: 'participant', taskSid: TASK, who: 'customer', change: 'left' };
    const result = await expectSaga(
      playSteps,
      services,
      [emit(emitter, reservation('accepted'), crmSignal, customerLeft, hangUp, reservation('wrapup', 'wrapping')), written],
      [plugin],
    )
      .withReducer(rootReducer, makeRoot())
      .run(1000);
    expect(calls).toBe(1);
    expect(services.log.messages('error')).toEqual([expect.stringContaining('event skipped')]);
    // The customer-left event after the failing one was still recorded, and decided first.
    expect(result.storeState.hangUpBy.records[SID].decision?.value).toBe('Customer');
  });

  it('a router for a built-in kind is refused with a warning: the built-in rules stay', async () => {
    const { emitter, services, plugin } = setup({
      routers: {
        participant: function* ignoreEverything() {
          // would drop every participant event
        },
      },
    });
    const customerLeft: PluginEvent = { kind: 'participant', taskSid: TASK, who: 'customer', change: 'left' };
    const result = await expectSaga(
      playSteps,
      services,
      [emit(emitter, reservation('accepted'), customerLeft, hangUp, reservation('wrapup', 'wrapping')), written],
      [plugin],
    )
      .withReducer(rootReducer, makeRoot())
      .run(1000);
    expect(services.log.messages('warn')).toEqual([expect.stringContaining('router for "participant" ignored')]);
    expect(result.storeState.hangUpBy.records[SID].decision?.value).toBe('Customer');
  });

  it('events emitted while waiting for rehydration are buffered and handled after start-up', async () => {
    const { emitter, services, plugin } = setup({ persistKey: 'hangUpBy:AC:WK', heldReservationSids: () => [SID] });
    const result = await expectSaga(
      playSteps,
      services,
      [emit(emitter, hangUp, reservation('wrapup', 'wrapping')), { type: 'persist/REHYDRATE', key: 'hangUpBy:AC:WK' }, written],
      [plugin],
    )
      .withReducer(rootReducer, makeRoot(makeRecord()))
      .run(1000);
    // Start-up ran first (the live call was lost with the page), then the buffered events.
    const puts = result.effects.put?.map((e) => e.payload.action.type) ?? [];
    expect(puts.indexOf(A.callLostWhilePageAway.type)).toBeLessThan(puts.indexOf(A.agentHungUp.type));
    expect(services.taskApi.attributes).toEqual({ conversations: { hang_up_by: 'Agent-System-Issue' } });
    expect(putsOfType(result, A.reservationWrappedUp.type)).toHaveLength(1);
  });

  it('cancelling the plugin saga closes every channel: no listener left on any emitter', async () => {
    const first = new EventEmitter();
    const second = new EventEmitter();
    const services = makeServices();
    const options: RootSagaOptions = {
      sources: [emitterSource(first, 'first'), emitterSource(second, 'second')],
      persistKey: null,
      heldReservationSids: () => null,
    };
    const listening: number[] = [];
    const count = { run: function* counting() { listening.push(first.listenerCount('event'), second.listenerCount('event')); } };
    await expectSaga(playSteps, services, [count], [(s: SagaServices) => rootSaga(s, options)])
      .withReducer(rootReducer, makeRoot())
      .run(1000);
    expect(listening).toEqual([1, 1]);
    expect(first.listenerCount('event')).toBe(0);
    expect(second.listenerCount('event')).toBe(0);
  });
});

describe('sourceChannel', () => {
  it('delivers every event in order, none dropped, even a burst before anyone takes', async () => {
    const emitter = new EventEmitter();
    const burst = Array.from({ length: 40 }, (_, i) => reservation(i % 2 ? 'wrapup' : 'accepted'));
    function* consume(): Generator<unknown, PluginEvent[], any> { // any: call/take results
      const channel: EventChannel<PluginEvent> = yield call(sourceChannel, emitterSource(emitter));
      try {
        for (const event of burst) emitter.emit('event', event);
        const seen: PluginEvent[] = [];
        while (seen.length < burst.length) seen.push(yield take(channel));
        return seen;
      } finally {
        channel.close();
      }
    }
    const result = await expectSaga(consume).run(500);
    expect(result.returnValue).toEqual(burst);
    expect(emitter.listenerCount('event')).toBe(0);
  });
});
