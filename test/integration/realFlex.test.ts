/**
 * The plugin inside the real @twilio/flex-ui: its Actions framework (before/after listeners,
 * replaced actions, invokeAction), its store (FlexReducer, middleware, addReducer) and its
 * conference state, over fake TaskRouter and Voice SDK objects.
 */
import {
  CALL_EVENTS,
  FakeWorker,
  listenerCounts,
  makeReservation,
  RESERVATION_EVENTS,
  settle,
  taskRouterErrors,
  track,
} from '../support/fakes';
import { loadFlex, startHarness, type Harness } from '../support/flexHarness';

const WARM_TRANSFER_FROM = { incoming: { mode: 'WARM', workerSid: 'WKtransferring' } };

let h: Harness;
afterEach(() => h?.stop());

describe('Hang Up through Flex Actions', () => {
  it('beforeHangupCall on an accepted voice call → Agent (agentHungUp), recorded before Flex hangs up', async () => {
    h = await startHarness();
    const reservation = h.acceptCall();

    await h.invoke('HangupCall', { task: reservation.flexTask() });

    expect(h.record(reservation.sid)?.decision).toMatchObject({ value: 'Agent', evidence: 'agentHungUp' });
    // The replaced HangupCall still ran, and the decision was already there when it did.
    expect(h.actionCalls.map((c) => c.name)).toEqual(['HangupCall']);
    expect(h.actionCalls[0].records[reservation.sid]?.decision?.value).toBe('Agent');
  });

  it('HangupCall addressed by reservation sid only ({ sid }) is recorded too', async () => {
    h = await startHarness();
    const reservation = h.acceptCall();

    await h.invoke('HangupCall', { sid: reservation.sid });

    expect(h.record(reservation.sid)?.decision?.value).toBe('Agent');
  });
});

describe('a reservation that shares its task: written at wrap-up, checked again in beforeCompleteTask', () => {
  /** label policy, 50 ms writes: a WARM transfer, the transferee joins, the agent hangs up and wraps up; its write lands. */
  async function warmTransferThenHangUp() {
    h = await startHarness({ config: { transferPolicy: 'label' } });
    h.router.latencyMs = 50;
    const reservation = h.acceptCall({ taskSid: 'WTwarm', attributes: { from: '+1555', conversations: { hang_up_by: 'Customer', queue: 'Sales' } } });
    const task = reservation.flexTask();
    const me = { type: 'worker' as const, workerSid: h.worker.sid, callSid: 'CAme' };
    const customer = { type: 'customer' as const, callSid: 'CAcustomer' };
    h.setConference('WTwarm', [customer, me]);
    await h.invoke('TransferTask', { task, targetSid: 'WKtransferee', options: { mode: 'WARM' } });
    h.setConference('WTwarm', [customer, me, { type: 'worker', workerSid: 'WKtransferee', callSid: 'CAtransferee' }]);
    await h.invoke('HangupCall', { task });
    reservation.moveTo('wrapping');
    await h.clock.advance(50);
    return { reservation, task };
  }

  it('WARM transfer, transferee joined, agent hangs up → Warm Transfer written at wrap-up; Complete then waits for nothing', async () => {
    const { reservation, task } = await warmTransferThenHangUp();
    expect(h.router.writes.map((w) => w.result)).toEqual(['ok']); // at wrap-up: a wrap-up timeout still snapshots it
    h.router.announce('WTwarm'); // TaskRouter's own update of that write

    const completing = track(h.invoke('CompleteTask', { task }));
    await settle();
    expect(completing.state).toBe('resolved');
    expect(h.timeline).toEqual([
      `TransferTask ${reservation.sid}`,
      `HangupCall ${reservation.sid}`,
      'setAttributes WTwarm ok',
      `CompleteTask ${reservation.sid}`,
    ]);
    expect(h.router.attributes('WTwarm')).toEqual({ from: '+1555', conversations: { hang_up_by: 'Warm Transfer', queue: 'Sales' } });
  });

  it('the transferee wrote its value after this one: Complete is held while the value is written once more', async () => {
    const { reservation, task } = await warmTransferThenHangUp();

    // The transferee's own wrap-up write lands later; TaskRouter tells this worker's task object.
    h.router.writeElsewhere('WTwarm', { from: '+1555', conversations: { hang_up_by: 'Agent', queue: 'Sales' } });
    h.router.announce('WTwarm');
    await settle();

    const completing = track(h.invoke('CompleteTask', { task }));
    await h.clock.advance(49); // the second write takes 50 ms
    expect(completing.state).toBe('pending');
    await h.clock.advance(1);
    expect(completing.state).toBe('resolved');
    expect(h.timeline).toEqual([
      `TransferTask ${reservation.sid}`,
      `HangupCall ${reservation.sid}`,
      'setAttributes WTwarm ok',
      'setAttributes WTwarm ok',
      `CompleteTask ${reservation.sid}`,
    ]);
    expect(h.router.attributes('WTwarm')).toEqual({ from: '+1555', conversations: { hang_up_by: 'Warm Transfer', queue: 'Sales' } });
    expect(h.record(reservation.sid)?.write).toMatchObject({ status: 'succeeded', trigger: 'overwrittenBeforeCompletion', rewritten: true });
  });

  it('a write that keeps failing (503) never fails Complete: released at the budget, retried afterwards', async () => {
    h = await startHarness({ config: { completionBudgetMs: 200 } });
    h.router.failNextWrites(Infinity, taskRouterErrors.unavailable);
    const reservation = h.acceptCall({ transfers: WARM_TRANSFER_FROM });
    const task = reservation.flexTask();
    await h.invoke('HangupCall', { task }); // consulted agent leaves while the transferrer is on: Consult
    reservation.moveTo('wrapping');
    await settle();

    const started = h.clock.now();
    const completing = track(h.invoke('CompleteTask', { task }));
    await h.clock.advance(199);
    expect(completing.state).toBe('pending');
    await h.clock.advance(1);

    expect(completing).toEqual({ state: 'resolved' });
    expect(h.clock.now() - started).toBe(200);
    expect(h.timeline).toContain(`CompleteTask ${reservation.sid}`);
    expect(h.record(reservation.sid)?.write.status).toBe('writing');
    const attemptsAtRelease = h.router.writes.length;
    expect(attemptsAtRelease).toBeGreaterThanOrEqual(1);

    await h.clock.advance(120_000);
    expect(h.router.writes.length).toBeGreaterThan(attemptsAtRelease);
    expect(h.router.writes.map((w) => w.attributes.conversations)).toEqual(h.router.writes.map(() => ({ hang_up_by: 'Consult' })));
    expect(h.record(reservation.sid)?.write).toMatchObject({ status: 'failed', attempts: 8 });
    expect(h.log.errors).toEqual([]);
  });
});

describe('transfers that take the agent off the call inside the action', () => {
  it('COLD TransferTask: the leg ends while Flex carries it out → Cold Transfer, key removed at wrap-up', async () => {
    h = await startHarness();
    const reservation = h.acceptCall({ taskSid: 'WTcold', attributes: { conversations: { hang_up_by: 'Customer', queue: 'Sales' } } });
    const task = reservation.flexTask();
    // Flex's COLD transfer takes the agent off the conference: wrap-up comes before the action resolves.
    h.onActionRun = (call) => call.name === 'TransferTask' && reservation.moveTo('wrapping');

    await h.invoke('TransferTask', { task, targetSid: 'WQsupport', options: { mode: 'COLD' } });
    await settle();
    expect(h.record(reservation.sid)?.decision?.value).toBe('Cold Transfer');
    // Written when the call ended, before any Complete: a wrap-up timeout still snapshots it.
    expect(h.router.writes.map((w) => [w.attributes, w.result])).toEqual([[{ conversations: { queue: 'Sales' } }, 'ok']]);
    expect(h.record(reservation.sid)?.sharesTask).toBe(true);

    await h.invoke('CompleteTask', { task });
    expect(h.router.writes).toHaveLength(1);
    expect(h.router.attributes('WTcold')).toEqual({ conversations: { queue: 'Sales' } });
  });

  it('a TransferTask that fails: Flex reports it on manager.events, the intent is taken back, Hang Up → Agent', async () => {
    h = await startHarness();
    const reservation = h.acceptCall();
    const task = reservation.flexTask();
    h.failAction('TransferTask', new Error('Worker WKbusy is not available'));

    await expect(h.invoke('TransferTask', { task, targetSid: 'WKbusy', options: { mode: 'COLD' } })).rejects.toThrow();
    await h.invoke('HangupCall', { task });

    expect(h.record(reservation.sid)?.decision).toMatchObject({ value: 'Agent', evidence: 'agentHungUp' });
  });

  it('a TransferTask that failed transferred nothing: the reservation still writes at wrap-up', async () => {
    h = await startHarness();
    const reservation = h.acceptCall({ taskSid: 'WTnotransfer' });
    const task = reservation.flexTask();
    h.failAction('TransferTask', new Error('Worker WKbusy is not available'));
    await expect(h.invoke('TransferTask', { task, targetSid: 'WKbusy', options: { mode: 'WARM' } })).rejects.toThrow();
    await h.invoke('HangupCall', { task });

    reservation.moveTo('wrapping');
    await settle();

    expect(h.router.attributes('WTnotransfer')).toMatchObject({ conversations: { hang_up_by: 'Agent' } });
  });

  it("the plugin's external cold transfer action: dial, then leave → External Cold Transfer and its destination", async () => {
    h = await startHarness();
    const reservation = h.acceptCall({ taskSid: 'WTexternal' });
    const task = reservation.flexTask();

    await h.invoke('StartExternalColdTransfer', { task, phoneNumber: '+15550007777' });

    expect(h.timeline).toEqual([`StartExternalWarmTransfer ${reservation.sid}`, `HangupCall ${reservation.sid}`]);
    expect(h.record(reservation.sid)?.decision).toMatchObject({ value: 'External Cold Transfer', destination: '+15550007777' });
    reservation.moveTo('wrapping');
    await h.invoke('CompleteTask', { task });
    expect(h.router.attributes('WTexternal')).toMatchObject({
      conversations: { hang_up_by: 'External Cold Transfer', destination: '+15550007777' },
    });
  });
});

describe('a reservation with no transfer writes at wrap-up', () => {
  it('writes when the call ends, before Complete; Complete then does not wait', async () => {
    h = await startHarness();
    const reservation = h.acceptCall({ taskSid: 'WTsolo' });
    const task = reservation.flexTask();
    await h.invoke('HangupCall', { task });

    reservation.moveTo('wrapping');
    await settle();
    expect(h.router.attributes('WTsolo')).toMatchObject({ conversations: { hang_up_by: 'Agent' } });

    // The clock stands still: a Complete held for the budget would stay pending.
    const completing = track(h.invoke('CompleteTask', { task }));
    await settle();
    expect(completing.state).toBe('resolved');
    expect(h.timeline).toEqual([`HangupCall ${reservation.sid}`, 'setAttributes WTsolo ok', `CompleteTask ${reservation.sid}`]);
    expect(h.router.writes).toHaveLength(1);
  });

  it('a 429 with Retry-After: 1 is retried no sooner than one second later', async () => {
    h = await startHarness();
    h.router.failNextWrites(1, taskRouterErrors.rateLimited(1));
    const reservation = h.acceptCall({ taskSid: 'WTlimited' });

    reservation.moveTo('wrapping');
    await h.clock.advance(999);
    expect(h.router.writes.map((w) => [w.result, w.at])).toEqual([[429, 0]]);
    await h.clock.advance(1);

    expect(h.router.writes.map((w) => [w.result, w.at])).toEqual([[429, 0], ['ok', 1000]]);
    expect(h.router.attributes('WTlimited')).toMatchObject({ conversations: { hang_up_by: 'Customer' } });
  });
});

describe('what the plugin leaves alone', () => {
  it('a chat reservation: no record, no write, Flex actions run as usual', async () => {
    h = await startHarness();
    const reservation = h.acceptCall({ channel: 'chat' });
    const task = reservation.flexTask();

    await h.invoke('WrapupTask', { task });
    reservation.moveTo('wrapping');
    await h.invoke('CompleteTask', { task });
    reservation.moveTo('completed');
    await h.clock.advance(10_000);

    expect(h.store.getState().hangUpBy.records).toEqual({});
    expect(h.router.writes).toEqual([]);
    expect(h.timeline).toEqual([`WrapupTask ${reservation.sid}`, `CompleteTask ${reservation.sid}`]);
  });
});

describe('page unload during a call', () => {
  it('beforeunload persists Agent-System-Issue at once; the next page load writes it', async () => {
    h = await startHarness();
    const first = h;
    const reservation = h.acceptCall({ sid: 'WRreload', taskSid: 'WTreload' });
    const persistKey = h.installation.persistKey;
    expect(h.storage.persistedSlice(persistKey)?.records?.WRreload?.decision ?? null).toBeNull();

    h.window.dispatchEvent(new Event('beforeunload'));

    // Read synchronously: the browser runs nothing after beforeunload returns.
    expect(h.storage.persistedSlice(persistKey)?.records?.WRreload?.decision).toMatchObject({
      value: 'Agent-System-Issue',
      evidence: 'pageUnloadedDuringCall',
    });
    first.stop();

    // The new page: new SDK objects; TaskRouter moved the reservation to wrap-up meanwhile.
    const worker = new FakeWorker(first.worker.sid);
    const again = makeReservation(first.router, { sid: 'WRreload', taskSid: 'WTreload', status: 'wrapping' });
    worker.reservations.set(again.sid, again);
    h = await startHarness({ storage: first.storage, router: first.router, clock: first.clock, worker });
    await settle();

    expect(h.router.attributes('WTreload')).toMatchObject({ conversations: { hang_up_by: 'Agent-System-Issue' } });
    expect(h.router.writes).toHaveLength(1);
    expect(reservation.listenerCount('wrapup')).toBe(0); // the old page's listeners are gone
  });
});

describe('uninstall()', () => {
  it('leaves no listener on Flex Actions, the store, the worker, reservations, device, calls, window, manager.events', async () => {
    const Flex = loadFlex();
    const actionEvents = () => Flex.Actions.emitter.eventNames().map(String);
    const actionCounts = () => listenerCounts(Flex.Actions.emitter, actionEvents());
    const before = actionCounts();
    const MANAGER_EVENTS = ['connectionStateChanged', 'tokenUpdated', 'flexError'];
    const managerBefore = listenerCounts(Flex.Manager.events, MANAGER_EVENTS);
    h = await startHarness();
    const reservation = h.acceptCall();
    const call = h.device.ring();
    const ours = actionEvents().filter((event) => Flex.Actions.emitter.listenerCount(event) > (before[event] ?? 0));
    // Sanity: the plugin did listen where it is now expected to stop.
    expect(ours).toEqual(expect.arrayContaining(['beforeHangupCall', 'beforeCompleteTask', 'afterTransferTask']));
    expect(reservation.listenerCount('wrapup')).toBe(1);
    expect(h.activeStoreSubscriptions()).toBeGreaterThan(0);
    expect(h.events.listenerCount('flexError')).toBeGreaterThan(managerBefore.flexError);

    h.stop();

    expect(actionCounts()).toEqual(before);
    expect(h.activeStoreSubscriptions()).toBe(0);
    expect(h.worker.listenerCount('reservationCreated')).toBe(0);
    expect(listenerCounts(reservation, RESERVATION_EVENTS)).toEqual(zeros(RESERVATION_EVENTS));
    expect(h.device.listenerCount('incoming')).toBe(0);
    expect(listenerCounts(call, CALL_EVENTS)).toEqual(zeros(CALL_EVENTS));
    expect(h.window.listenerCount('beforeunload')).toBe(0);
    expect(listenerCounts(h.events, MANAGER_EVENTS)).toEqual(managerBefore);

    // And nothing reacts any more.
    await h.invoke('HangupCall', { task: reservation.flexTask() });
    expect(h.record(reservation.sid)?.decision).toBeNull();
  });

  it.each([
    ['uninstalled while waiting', (harness: Harness) => harness.stop()],
    ['the wait for a token times out', (harness: Harness) => harness.clock.advance(1000)],
  ])('a write waiting for a refreshed token leaves no tokenUpdated listener (%s)', async (_, end) => {
    h = await startHarness({ config: { retry: { tokenWaitMs: 1000 } } });
    const before = h.events.listenerCount('tokenUpdated');
    h.router.failNextWrites(1, taskRouterErrors.tokenExpired);
    const reservation = h.acceptCall();
    reservation.moveTo('wrapping');
    await settle();
    expect(h.events.listenerCount('tokenUpdated')).toBe(before + 1);

    await end(h);

    expect(h.events.listenerCount('tokenUpdated')).toBe(before);
  });
});

function zeros(events: readonly string[]): Record<string, number> {
  return Object.fromEntries(events.map((event) => [event, 0]));
}
