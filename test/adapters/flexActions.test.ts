/**
 * flexActionSource against the real Flex Actions framework: Flex runs each action's payload
 * update function, then its before-listeners, the (replaced) implementation, its after-listeners.
 */
import type { FlexActionEvent } from '../../sagas/events';
import { COLD_TRANSFER_FLAG } from '../../src/externalColdTransfer';
import { describeFlexAction, flexActionSource } from '../../src/sources/flexActions';
import { openSource } from '../support/channels';
import { listenerCounts } from '../support/fakes';
import { createFlexStage, registerFakeAction, type FlexStage } from '../support/flexHarness';

const task = { sid: 'WR1', taskSid: 'WT1', taskChannelUniqueName: 'voice' };
const onTask = { reservationSid: 'WR1', taskSid: 'WT1', taskChannel: 'voice' };
const EXTERNAL_COLD = 'StartExternalColdTransfer';

let stage: FlexStage;
let opened: ReturnType<typeof openSource<FlexActionEvent>>;

// Not a native Flex action: a contact center may register its own (config externalColdTransferAction).
beforeAll(() => registerFakeAction(EXTERNAL_COLD));
beforeEach(() => {
  stage = createFlexStage();
  opened = openSource(flexActionSource(stage.Flex.Actions, EXTERNAL_COLD));
});
afterEach(() => opened.channel.close());

describe('flexActionSource with the real Flex Actions', () => {
  it.each([
    ['HangupCall', { task }, { ...onTask }],
    ['EndConferenceForAll', { task }, { ...onTask }],
    ['KickParticipant', { task, targetSid: 'WKother' }, { ...onTask, targetKind: 'unknown' }],
    // Transfers too: a COLD transfer takes the agent off the call inside the action itself.
    ['TransferTask', { task, targetSid: 'WKtransferee', options: { mode: 'WARM' } }, { ...onTask, mode: 'WARM', target: 'WKtransferee' }],
    ['StartExternalWarmTransfer', { task, phoneNumber: '+15550003333' }, { ...onTask, mode: 'WARM', target: '+15550003333' }],
    [EXTERNAL_COLD, { task, phoneNumber: '+15550004444' }, { ...onTask, target: '+15550004444' }],
  ])('before%s is reported before Flex runs the action', async (name, payload, facts) => {
    let takenWhenRun: FlexActionEvent[] = [];
    stage.onActionRun = () => (takenWhenRun = opened.taken());

    await stage.Flex.Actions.invokeAction(name, payload);

    expect(takenWhenRun).toEqual([{ kind: 'flexAction', phase: 'before', name, ...facts }]);
  });

  it.each([
    { name: 'TransferTask', payload: { task, targetSid: 'WKtransferee', options: { mode: 'WARM' } }, facts: { mode: 'WARM', target: 'WKtransferee' } },
    { name: 'TransferTask', payload: { task, targetSid: 'WQsales', options: { mode: 'cold' } }, facts: { mode: 'COLD', target: 'WQsales' } },
    { name: 'CancelTransfer', payload: { task }, facts: {} },
    { name: 'StartExternalWarmTransfer', payload: { task, phoneNumber: '+15550003333', callerId: '+15550000000' }, facts: { mode: 'WARM', target: '+15550003333' } },
    { name: EXTERNAL_COLD, payload: { task, phoneNumber: '+15550004444' }, facts: { target: '+15550004444' } },
    { name: 'WrapupTask', payload: { task }, facts: {} },
  ])('after$name is reported once Flex carried it out: $facts', async ({ name, payload, facts }) => {
    await stage.Flex.Actions.invokeAction(name, payload);

    expect(opened.taken().filter((e) => e.phase === 'after')).toEqual([{ kind: 'flexAction', phase: 'after', name, ...onTask, ...facts }]);
  });

  it('a TransferTask that fails transfers nothing: no after event, and the failure is Flex\'s, not ours', async () => {
    stage.failAction('TransferTask', new Error('TaskRouter said no'));

    await expect(stage.Flex.Actions.invokeAction('TransferTask', { task, targetSid: 'WK2' })).rejects.toThrow(/TaskRouter said no/);

    expect(opened.taken().map((e) => e.phase)).toEqual(['before']);
  });

  it('an action addressed by reservation sid only ({ sid }) carries that sid, with task and channel unknown', async () => {
    await stage.Flex.Actions.invokeAction('HangupCall', { sid: 'WR9' });

    expect(opened.taken()).toEqual([
      { kind: 'flexAction', phase: 'before', name: 'HangupCall', reservationSid: 'WR9', taskSid: null, taskChannel: null },
    ]);
  });

  it('KickParticipant of the customer by call sid → customer, read from task.conference', async () => {
    // Flex's payload update looks the target up among workers only: the customer stays unresolved.
    const withConference = { ...task, conference: { participants: [{ participantType: 'worker', workerSid: 'WKme', callSid: 'CAme' }, { participantType: 'customer', callSid: 'CAcustomer' }] } };

    await stage.Flex.Actions.invokeAction('KickParticipant', { task: withConference, targetSid: 'CAcustomer' });

    expect(opened.taken()).toMatchObject([{ phase: 'before', name: 'KickParticipant', targetKind: 'customer' }]);
  });

  it("KickParticipant of a worker by worker sid → worker, resolved by Flex from its conference state", async () => {
    stage.setConference('WT1', [
      { type: 'customer', callSid: 'CAcustomer' },
      { type: 'worker', workerSid: 'WKother', callSid: 'CAother' },
    ]);

    await stage.Flex.Actions.invokeAction('KickParticipant', { task, targetSid: 'WKother' });

    expect(opened.taken()).toMatchObject([{ phase: 'before', name: 'KickParticipant', targetKind: 'worker' }]);
  });

  it('after close(), none of its listeners is left on Flex Actions', () => {
    const emitter = stage.Flex.Actions.emitter;
    const counts = () => listenerCounts(emitter, emitter.eventNames().map(String));
    opened.channel.close();
    const without = counts();
    const again = openSource(flexActionSource(stage.Flex.Actions, EXTERNAL_COLD));
    const ours = Object.entries(counts()).filter(([event, n]) => n > (without[event] ?? 0)).map(([event]) => event);
    expect(ours).toEqual(expect.arrayContaining(['beforeHangupCall', 'beforeTransferTask', 'afterTransferTask', `after${EXTERNAL_COLD}`]));

    again.channel.close();

    expect(counts()).toEqual(without);
  });
});

describe('describeFlexAction', () => {
  it.each<[string, string, object, Partial<FlexActionEvent>]>([
    ['TransferTask mode in lower case', 'TransferTask', { task, options: { mode: 'warm' }, targetSid: 'WK2' }, { mode: 'WARM', target: 'WK2' }],
    ['TransferTask without a mode is COLD (Flex\'s default)', 'TransferTask', { task, targetSid: 'WQ1' }, { mode: 'COLD', target: 'WQ1' }],
    ['TransferTask with a target that is not a string', 'TransferTask', { task, targetSid: 42 }, { mode: 'COLD' }],
    ['KickParticipant with the participant object', 'KickParticipant', { task, participant: { participantType: 'customer' } }, { targetKind: 'customer' }],
    [
      'KickParticipant of an outside party by participant sid (what Flex\'s own button sends)',
      'KickParticipant',
      { task: { ...task, conference: { participants: [{ participantType: 'external', participantSid: 'CPext' }] } }, targetSid: 'CPext' },
      { targetKind: 'external' },
    ],
    ['KickParticipant of an "agent" is a worker', 'KickParticipant', { task, participant: { participantType: 'agent' } }, { targetKind: 'worker' }],
    ['KickParticipant of nobody known', 'KickParticipant', { task, targetSid: 'CAghost' }, { targetKind: 'unknown' }],
    ['StartExternalWarmTransfer phoneNumber', 'StartExternalWarmTransfer', { task, phoneNumber: '+15550005555' }, { mode: 'WARM', target: '+15550005555' }],
    [
      "StartExternalWarmTransfer dialled by the plugin's external cold transfer is COLD",
      'StartExternalWarmTransfer',
      { task, phoneNumber: '+15550005555', [COLD_TRANSFER_FLAG]: true },
      { mode: 'COLD', target: '+15550005555' },
    ],
    ['an external transfer given `to`', EXTERNAL_COLD, { task, to: '+15550006666' }, { target: '+15550006666' }],
    ['a channel that is not a string', 'HangupCall', { task: { ...task, taskChannelUniqueName: { name: 'voice' } } }, { taskChannel: null }],
    ['no payload at all', 'HangupCall', undefined as unknown as object, { reservationSid: null, taskSid: null, taskChannel: null }],
  ])('%s', (_, name, payload, facts) => {
    expect(describeFlexAction(name, 'before', payload)).toMatchObject({ kind: 'flexAction', phase: 'before', name, ...facts });
  });
});
