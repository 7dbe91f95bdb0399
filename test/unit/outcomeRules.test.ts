import type { AnyAction } from 'redux';
import { hangUpByActions as A } from '../../slices/hangUpBySlice';
import type { HangUpBy } from '../../slices/outcomes';
import { accepted, AGENT_X, AGENT_Y, reduce, SID, TASK } from '../builders/records';

// The rules of shared/design/outcomes.md as the reducers encode them: a story of events on one
// accepted voice reservation, then wrap-up, gives the decided value.

const ref = { reservationSid: SID };
const task = { taskSid: TASK };
const OUTSIDE = '+15550100';

/** The events of a call, as the routers turn Flex, TaskRouter and Voice SDK events into actions. */
const on = {
  hangUp: () => A.agentHungUp(ref),
  kickCustomer: () => A.customerKicked(ref),
  endForAll: () => A.conferenceEndedForAll(ref),
  customerJoins: () => A.customerJoined(task),
  customerLeaves: () => A.customerLeft(task),
  /** Before the transfer action runs (Flex `beforeTransferTask`): intent, not yet a fact. */
  requestTransfer: (mode: 'COLD' | 'WARM', target = 'WQqueue') => A.transferRequested({ ...ref, kind: 'internal', mode, target }),
  requestExternal: (mode: 'COLD' | 'WARM', target = OUTSIDE) => A.transferRequested({ ...ref, kind: 'external', mode, target }),
  /** After the transfer action succeeded. */
  transfer: (mode: 'COLD' | 'WARM', target = 'WQqueue') => A.transferStarted({ ...ref, mode, target }),
  cancelTransfer: () => A.transferCanceled(ref),
  /** Flex reported the action's body threw ("flexError"): no after-listener runs. */
  transferFailed: (action = 'TransferTask') => A.transferFailed({ action }),
  agentJoins: (workerSid = AGENT_Y) => A.otherAgentJoined({ ...task, workerSid }),
  agentLeaves: (workerSid = AGENT_Y) => A.otherAgentLeft({ ...task, workerSid }),
  externalTransfer: (mode: 'COLD' | 'WARM', destination = OUTSIDE) => A.externalTransferStarted({ ...ref, mode, destination }),
  outsideJoins: () => A.externalPartyJoined({ ...task, phoneNumber: OUTSIDE }),
  outsideLeaves: () => A.externalPartyLeft({ ...task, phoneNumber: OUTSIDE }),
  unload: () => A.pageUnloadedDuringCall({ reservationSids: [SID] }),
  lostWhileAway: () => A.callLostWhilePageAway(ref),
  voiceTrouble: (reason = 'voiceReconnecting') => A.voiceTroubleStarted({ reason }),
  voiceRecovered: () => A.voiceTroubleCleared({ reason: 'voiceReconnected' }),
  voiceDisconnect: () => A.voiceLegDisconnected({ reason: 'disconnect' }),
  wrapup: () => A.reservationWrappedUp(ref),
  completed: () => A.reservationCompleted(ref),
};

type Start = Parameters<typeof accepted>[0];

/** Accepts, plays the events, wraps up (unless the story already ended the call): the record. */
function story(events: AnyAction[], start: Start = {}) {
  const ended = events.some((e) => e.type === A.reservationWrappedUp.type || e.type === A.reservationCompleted.type);
  const state = reduce([accepted(start), ...events, ...(ended ? [] : [on.wrapup()])]);
  return state.records[SID];
}

const outcome = (events: AnyAction[], start?: Start) => story(events, start).decision?.value;

const OUTBOUND: Start = { direction: 'outbound' };
const CONSULTED: Start = { incomingTransfer: { mode: 'WARM', fromWorkerSid: AGENT_X } };

describe('rule 1, Agent: the agent ends the call on purpose while the customer is there', () => {
  it.each<[string, AnyAction[], Start, HangUpBy]>([
    ['agent clicks Hang Up while the customer is connected', [on.hangUp()], {}, 'Agent'],
    ['agent kicks the customer participant', [on.kickCustomer()], {}, 'Agent'],
    ['agent ends the conference for all', [on.endForAll()], {}, 'Agent'],
    ['outbound: agent hangs up before the customer answered', [on.hangUp()], OUTBOUND, 'Agent'],
    ['outbound: customer answered, agent hangs up', [on.customerJoins(), on.hangUp()], OUTBOUND, 'Agent'],
  ])('%s → %s', (_name, events, start, expected) => {
    expect(outcome(events, start)).toBe(expected);
  });

  it('the decision names the event that made it', () => {
    expect(story([on.kickCustomer()]).decision).toMatchObject({ value: 'Agent', evidence: 'customerKicked' });
  });

  it('kicking the customer after the customer already left decides nothing more: Customer', () => {
    expect(outcome([on.customerLeaves(), on.kickCustomer()])).toBe('Customer');
  });
});

describe('rule 6, Customer: the customer ends the call, or nothing decisive happened', () => {
  it.each<[string, AnyAction[], Start, HangUpBy]>([
    ['customer leaves first, even if the agent clicks Hang Up later', [on.customerLeaves(), on.hangUp()], {}, 'Customer'],
    ['customer leaves first, even if the agent ends the conference later', [on.customerLeaves(), on.endForAll()], {}, 'Customer'],
    ['nothing decisive happens before wrap-up', [], {}, 'Customer'],
    ['outbound call the customer never answered', [], OUTBOUND, 'Customer'],
    ['outbound call: customer answers, then hangs up', [on.customerJoins(), on.customerLeaves(), on.hangUp()], OUTBOUND, 'Customer'],
    ['completed without wrap-up and nothing decisive', [on.completed()], {}, 'Customer'],
  ])('%s → %s', (_name, events, start, expected) => {
    expect(outcome(events, start)).toBe(expected);
  });

  it('an outbound customer who never answered does not "leave": the agent hanging up after that is still Agent', () => {
    expect(outcome([on.customerLeaves(), on.hangUp()], OUTBOUND)).toBe('Agent');
  });
});

describe('the first decisive event wins', () => {
  it.each<[string, AnyAction[], HangUpBy, string]>([
    ['agent hangs up, then the customer leaves', [on.hangUp(), on.customerLeaves()], 'Agent', 'agentHungUp'],
    ['agent hangs up, then the page unloads', [on.hangUp(), on.unload()], 'Agent', 'agentHungUp'],
    ['page unloads, then the agent hangs up', [on.unload(), on.hangUp()], 'Agent-System-Issue', 'pageUnloadedDuringCall'],
    ['customer leaves, then the page unloads', [on.customerLeaves(), on.unload()], 'Customer', 'customerLeft'],
    ['cold transfer, then the agent hangs up', [on.transfer('COLD'), on.hangUp()], 'Cold Transfer', 'transferStarted'],
  ])('%s → %s', (_name, events, value, evidence) => {
    expect(story(events).decision).toMatchObject({ value, evidence });
  });

  it('a decided record ignores a transfer started afterwards', () => {
    const record = story([on.hangUp(), on.transfer('COLD')]);
    expect(record.decision?.value).toBe('Agent');
    expect(record.transfer).toBeNull();
  });
});

describe('rule 3, internal transfer', () => {
  it.each<[string, AnyAction[], HangUpBy]>([
    ['COLD transfer is decided at once', [on.transfer('COLD')], 'Cold Transfer'],
    ['WARM: the agent leaves while the transferee is joined', [on.transfer('WARM'), on.agentJoins(), on.hangUp()], 'Warm Transfer'],
    ['WARM: the transferee never joined, the agent hangs up', [on.transfer('WARM'), on.hangUp()], 'Agent'],
    ['WARM: the transferee joined and left, the agent hangs up', [on.transfer('WARM'), on.agentJoins(), on.agentLeaves(), on.hangUp()], 'Agent'],
    ['WARM: the customer hangs up during the consult', [on.transfer('WARM'), on.agentJoins(), on.customerLeaves(), on.hangUp()], 'Customer'],
    ['WARM with the transferee on the call, the call just ends', [on.transfer('WARM'), on.agentJoins()], 'Customer'],
    ['COLD, then CancelTransfer, then the agent hangs up', [on.transfer('COLD'), on.cancelTransfer(), on.hangUp()], 'Agent'],
    ['WARM, transferee joined, CancelTransfer, then the agent hangs up', [on.transfer('WARM'), on.agentJoins(), on.cancelTransfer(), on.hangUp()], 'Agent'],
    ['COLD, then CancelTransfer, then the customer leaves', [on.transfer('COLD'), on.cancelTransfer(), on.customerLeaves()], 'Customer'],
  ])('%s → %s', (_name, events, expected) => {
    expect(outcome(events)).toBe(expected);
  });

  it('an internal transfer makes the reservation share its task (checked again at Complete), even once canceled', () => {
    const record = story([on.transfer('WARM'), on.cancelTransfer()]);
    expect(record.sharesTask).toBe(true);
    expect(record.transfer).toBeNull();
  });

  it('only the worker who joined as transferee leaving un-joins the transfer', () => {
    expect(outcome([on.transfer('WARM'), on.agentJoins(AGENT_Y), on.agentLeaves('WKsupervisor'), on.hangUp()])).toBe('Warm Transfer');
  });

  it('CancelTransfer does not undo a decision the transfer did not make', () => {
    expect(story([on.customerLeaves(), on.transfer('COLD'), on.cancelTransfer()]).decision).toMatchObject({
      value: 'Customer',
      evidence: 'customerLeft',
    });
    expect(story([on.transfer('WARM'), on.hangUp(), on.cancelTransfer()]).decision?.value).toBe('Agent');
  });
});

describe('transfer intent: known before the action runs, decisive only when the agent leaves with it', () => {
  it.each<[string, AnyAction[], HangUpBy, string | undefined]>([
    ['COLD requested, the agent leaves inside the action (Hang Up) → Cold Transfer', [on.requestTransfer('COLD'), on.hangUp()], 'Cold Transfer', undefined],
    ['COLD requested, the call ends before Flex reports the transfer done → Cold Transfer', [on.requestTransfer('COLD')], 'Cold Transfer', undefined],
    ['COLD requested, then reported done → Cold Transfer', [on.requestTransfer('COLD'), on.transfer('COLD')], 'Cold Transfer', undefined],
    ['external COLD requested, the agent leaves → External Cold Transfer with the number', [on.requestExternal('COLD'), on.hangUp()], 'External Cold Transfer', OUTSIDE],
    ['external COLD requested, the call ends → External Cold Transfer with the number', [on.requestExternal('COLD')], 'External Cold Transfer', OUTSIDE],
    ['COLD requested, the customer hangs up first → Customer', [on.requestTransfer('COLD'), on.customerLeaves(), on.hangUp()], 'Customer', undefined],
    ['COLD requested, then CancelTransfer, then Hang Up → Agent', [on.requestTransfer('COLD'), on.cancelTransfer(), on.hangUp()], 'Agent', undefined],
    ['WARM requested, the transferee joins before Flex reports the action done, the agent leaves → Warm Transfer', [on.requestTransfer('WARM'), on.agentJoins(), on.transfer('WARM'), on.hangUp()], 'Warm Transfer', undefined],
    ['WARM requested, the agent hangs up before anyone joined → Agent', [on.requestTransfer('WARM'), on.hangUp()], 'Agent', undefined],
    ['external WARM requested, the outside party joins, the agent leaves → External Warm Transfer', [on.requestExternal('WARM'), on.outsideJoins(), on.hangUp()], 'External Warm Transfer', OUTSIDE],
  ])('%s', (_name, events, value, destination) => {
    const decision = story(events).decision;
    expect(decision?.value).toBe(value);
    expect(decision?.destination).toBe(destination);
  });

  it('a requested transfer is not itself decisive, and only a confirmed one shares the task', () => {
    const state = reduce([accepted(), on.requestTransfer('COLD')]);
    expect(state.records[SID]).toMatchObject({ decision: null, sharesTask: false, transfer: { kind: 'internal', mode: 'COLD' } });
    expect(reduce([on.transfer('COLD')], state).records[SID].sharesTask).toBe(true);
  });

  it('an internal transfer still under way when the leg ends shares the task (the transferee will hold it too)', () => {
    const state = reduce([accepted(), on.requestTransfer('COLD'), on.wrapup()]);
    expect(state.records[SID]).toMatchObject({ sharesTask: true, decision: { value: 'Cold Transfer' } });
  });

  it('an external transfer brings no second reservation: the task is not shared', () => {
    expect(story([on.requestExternal('WARM'), on.externalTransfer('WARM'), on.outsideJoins(), on.hangUp()]).sharesTask).toBe(false);
    expect(story([on.requestExternal('COLD')]).sharesTask).toBe(false);
  });

  it('a transfer requested after the decision changes nothing', () => {
    const state = reduce([accepted(), on.hangUp()]);
    expect(reduce([on.requestTransfer('COLD')], state)).toBe(state);
  });

  it('the plugin\'s own external cold transfer (dial marked COLD, then Hang Up) → External Cold Transfer with the number', () => {
    const events = [
      on.requestExternal('COLD'), // before StartExternalColdTransfer
      on.requestExternal('COLD'), // before StartExternalWarmTransfer, marked COLD
      on.externalTransfer('COLD'), // after StartExternalWarmTransfer, marked COLD
      on.hangUp(),
      on.externalTransfer('COLD'), // after StartExternalColdTransfer
    ];
    expect(story(events).decision).toMatchObject({ value: 'External Cold Transfer', destination: OUTSIDE, evidence: 'externalTransferStarted' });
  });

  // outcomes.md rule 1: a deliberate Hang Up while the customer is there is Agent. A TransferTask
  // that fails runs its before-listeners (intent recorded) but never its after-listeners; Flex
  // reports the failure as a flexError, which takes the unconfirmed intent back.
  it.each<[string, AnyAction[], HangUpBy]>([
    ['a COLD TransferTask that failed, then a deliberate Hang Up → Agent', [on.requestTransfer('COLD'), on.transferFailed(), on.hangUp()], 'Agent'],
    ['a failed external cold transfer, then the customer hangs up → Customer', [on.requestExternal('COLD'), on.transferFailed('StartExternalColdTransfer'), on.customerLeaves()], 'Customer'],
    ['a failed COLD transfer, then the call just ends → Customer, not Cold Transfer', [on.requestTransfer('COLD'), on.transferFailed()], 'Customer'],
    ['a confirmed COLD transfer is not taken back by another action failing later', [on.requestTransfer('COLD'), on.transfer('COLD'), on.transferFailed()], 'Cold Transfer'],
  ])('%s', (_name, events, value) => {
    expect(outcome(events)).toBe(value);
  });

  it('a failed transfer leaves a confirmed WARM transfer of another record alone', () => {
    const record = story([on.requestTransfer('WARM'), on.transfer('WARM'), on.agentJoins(), on.transferFailed(), on.hangUp()]);
    expect(record.decision?.value).toBe('Warm Transfer');
  });
});

describe('rule 4, external transfer', () => {
  it.each<[string, AnyAction[], HangUpBy, string | undefined]>([
    ['COLD external transfer is decided at once', [on.externalTransfer('COLD')], 'External Cold Transfer', OUTSIDE],
    ['WARM: the agent leaves while the outside party is joined', [on.externalTransfer('WARM'), on.outsideJoins(), on.hangUp()], 'External Warm Transfer', OUTSIDE],
    ['WARM: the outside party never joined, the agent hangs up', [on.externalTransfer('WARM'), on.hangUp()], 'Agent', undefined],
    ['WARM: the outside party joined and left, the agent hangs up', [on.externalTransfer('WARM'), on.outsideJoins(), on.outsideLeaves(), on.hangUp()], 'Agent', undefined],
    ['WARM: the customer hangs up first', [on.externalTransfer('WARM'), on.outsideJoins(), on.customerLeaves(), on.hangUp()], 'Customer', undefined],
    ['COLD, then CancelTransfer, then the agent hangs up', [on.externalTransfer('COLD'), on.cancelTransfer(), on.hangUp()], 'Agent', undefined],
  ])('%s → %s', (_name, events, value, destination) => {
    const decision = story(events).decision;
    expect(decision?.value).toBe(value);
    expect(decision?.destination).toBe(destination);
  });

  it('an internal transferee joining does not count as the outside party', () => {
    expect(outcome([on.externalTransfer('WARM'), on.agentJoins(), on.hangUp()])).toBe('Agent');
  });

  it('the outside party joining does not count as an internal transferee', () => {
    expect(outcome([on.transfer('WARM'), on.outsideJoins(), on.hangUp()])).toBe('Agent');
  });
});

describe('rule 5, Consult: the incoming reservation of a WARM transfer', () => {
  it.each<[string, AnyAction[], Start, HangUpBy]>([
    ['consulted agent hangs up while the transferrer is on the call', [on.hangUp()], CONSULTED, 'Consult'],
    ['consulted agent call ends while the transferrer is on the call', [], CONSULTED, 'Consult'],
    ['transferrer left, then the consulted agent hangs up (main segment now)', [on.agentLeaves(AGENT_X), on.hangUp()], CONSULTED, 'Agent'],
    ['transferrer left, then the customer hangs up', [on.agentLeaves(AGENT_X), on.customerLeaves()], CONSULTED, 'Customer'],
    ['transferrer left, then the call ends', [on.agentLeaves(AGENT_X)], CONSULTED, 'Customer'],
    ['another agent leaving is not the transferrer leaving', [on.agentLeaves('WKsomeoneElse'), on.hangUp()], CONSULTED, 'Consult'],
    ['COLD incoming transfer is never a consult', [on.hangUp()], { incomingTransfer: { mode: 'COLD', fromWorkerSid: AGENT_X } }, 'Agent'],
  ])('%s → %s', (_name, events, start, expected) => {
    expect(outcome(events, start)).toBe(expected);
  });

  it('an incoming transfer of either mode shares its task', () => {
    expect(story([], CONSULTED).sharesTask).toBe(true);
    expect(story([], { incomingTransfer: { mode: 'COLD', fromWorkerSid: AGENT_X } }).sharesTask).toBe(true);
    expect(story([]).sharesTask).toBe(false);
  });
});

describe('rule 2, Agent-System-Issue', () => {
  it.each<[string, AnyAction[], HangUpBy]>([
    ['the page unloads during the live call', [on.unload()], 'Agent-System-Issue'],
    ['the call was lost while the page was away (found after reload)', [on.lostWhileAway()], 'Agent-System-Issue'],
    ['voice trouble, then the voice leg disconnects', [on.voiceTrouble(), on.voiceDisconnect()], 'Agent-System-Issue'],
    ['voice SDK error, then the call ends', [on.voiceTrouble('voiceError:31005')], 'Agent-System-Issue'],
    ['Flex connection lost, then the voice leg disconnects', [on.voiceTrouble('flexConnectionLost'), on.voiceDisconnect()], 'Agent-System-Issue'],
    ['reconnecting, reconnected, then a normal end', [on.voiceTrouble(), on.voiceRecovered(), on.voiceDisconnect()], 'Customer'],
    ['a voice leg disconnect without any trouble decides nothing', [on.voiceDisconnect()], 'Customer'],
    ['voice trouble, but the customer hangs up first', [on.voiceTrouble(), on.customerLeaves(), on.voiceDisconnect()], 'Customer'],
    ['voice trouble, but the agent hangs up on purpose first', [on.voiceTrouble(), on.hangUp(), on.voiceDisconnect()], 'Agent'],
  ])('%s → %s', (_name, events, expected) => {
    expect(outcome(events)).toBe(expected);
  });

  it('the page unloading after the call ended changes nothing', () => {
    const state = reduce([accepted(), on.wrapup(), on.unload()]);
    expect(state.records[SID].decision).toMatchObject({ value: 'Customer', evidence: 'callEnded' });
  });

  it('a lost call found after reload changes nothing once the call had ended', () => {
    const state = reduce([accepted(), on.customerLeaves(), on.wrapup(), on.lostWhileAway()]);
    expect(state.records[SID].decision?.value).toBe('Customer');
  });

  it('voice trouble that started after the call ended does not reach the record', () => {
    const state = reduce([accepted(), on.wrapup(), on.voiceTrouble(), on.voiceDisconnect()]);
    expect(state.records[SID].voiceTrouble).toBeNull();
    expect(state.records[SID].decision?.value).toBe('Customer');
  });

  it('the evidence names the trouble the disconnect followed', () => {
    expect(story([on.voiceTrouble('flexConnectionLost'), on.voiceDisconnect()]).decision?.evidence).toBe(
      'voiceLegDisconnectedAfter:flexConnectionLost',
    );
  });
});
