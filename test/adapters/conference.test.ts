import { legacy_createStore as createStore } from 'redux';
import { conferenceSource, type ParticipantLike } from '../../src/sources/conference';
import { openSource } from '../support/channels';
import { countSubscriptions } from '../support/fakes';

const ME = 'WKme';

type FlexState = { flex: { conferences: { states: Map<string, { source: { participants: ParticipantLike[] } }> } } };
type SetParticipants = { type: 'participantsChanged'; taskSid: string; participants: ParticipantLike[] };

/** A real redux store shaped like Flex's where it matters: `flex.conferences.states`, a Map by task sid. */
function conferenceStore() {
  const initial: FlexState = { flex: { conferences: { states: new Map() } } };
  const store = createStore((state: FlexState = initial, action: SetParticipants | { type: string }): FlexState => {
    if (action.type !== 'participantsChanged') return state;
    const { taskSid, participants } = action as SetParticipants;
    // Like Flex's reducer: a new Map on every conference update.
    return { flex: { conferences: { states: new Map(state.flex.conferences.states).set(taskSid, { source: { participants } }) } } };
  });
  const subscriptions = countSubscriptions(store);
  const set = (taskSid: string, participants: ParticipantLike[]) => store.dispatch({ type: 'participantsChanged', taskSid, participants });
  return { store, set, subscriptions };
}

function open(store: ReturnType<typeof conferenceStore>['store']) {
  return openSource(conferenceSource(store, ME));
}

const customer = (status = 'joined'): ParticipantLike => ({ participantType: 'customer', status, callSid: 'CAcustomer' });
const agent = (workerSid: string, status = 'joined'): ParticipantLike => ({ participantType: 'worker', status, workerSid, callSid: `CA${workerSid}` });
const myself: ParticipantLike = { participantType: 'worker', status: 'joined', workerSid: ME, callSid: 'CAme' };
/** Events about the other parties (this browser's own leg is reported too, as `me`). */
const others = (events: Array<{ who: string }>) => events.filter((e) => e.who !== 'me');

describe('conferenceSource', () => {
  it.each(['left', 'recently_left'])('customer joined, then %s → joined, left', (leftStatus) => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);

    set('WT1', [customer(), myself]);
    set('WT1', [customer(leftStatus), myself]);

    expect(others(taken())).toEqual([
      { kind: 'participant', taskSid: 'WT1', who: 'customer', change: 'joined' },
      { kind: 'participant', taskSid: 'WT1', who: 'customer', change: 'left' },
    ]);
  });

  it('another agent joined and left, with its worker sid; "agent" is a worker', () => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);

    set('WT1', [customer(), myself, { ...agent('WKother'), participantType: 'agent' }]);
    set('WT1', [customer(), myself, agent('WKother', 'left')]);

    expect(others(taken())).toEqual([
      { kind: 'participant', taskSid: 'WT1', who: 'customer', change: 'joined' },
      { kind: 'participant', taskSid: 'WT1', who: 'otherAgent', change: 'joined', workerSid: 'WKother' },
      { kind: 'participant', taskSid: 'WT1', who: 'otherAgent', change: 'left', workerSid: 'WKother' },
    ]);
  });

  it.each<[string, ParticipantLike]>([
    ['by worker sid', myself],
    ['flagged isCurrentWorker', { participantType: 'worker', status: 'joined', workerSid: 'WKsame', isCurrentWorker: true, callSid: 'CAme' }],
  ])('this browser\'s own leg (%s) is reported as me, with its call sid, never as another agent', (_, participant) => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);

    set('WT1', [participant]);
    set('WT1', [{ ...participant, status: 'left' }]);

    expect(taken()).toEqual([
      { kind: 'participant', taskSid: 'WT1', who: 'me', change: 'joined', workerSid: participant.workerSid, callSid: 'CAme' },
      { kind: 'participant', taskSid: 'WT1', who: 'me', change: 'left', workerSid: participant.workerSid, callSid: 'CAme' },
    ]);
  });

  it.each<[string, ParticipantLike]>([
    ['a supervisor (monitoring is not a party to the call)', { participantType: 'supervisor', status: 'joined', workerSid: 'WKsupervisor' }],
    ["Flex's transfer placeholder", { participantType: 'transfer', status: 'joined', workerSid: 'WKtarget', connecting: true }],
  ])('ignores %s, joining and leaving', (_, participant) => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);

    set('WT1', [participant]);
    set('WT1', [{ ...participant, status: 'left' }]);
    set('WT1', []);

    expect(taken()).toEqual([]);
  });

  it('a participant still connecting has not joined; it joins once connected', () => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);

    set('WT1', [{ ...agent('WKtransferee'), connecting: true }]);
    expect(taken()).toEqual([]);
    set('WT1', [agent('WKtransferee')]);

    expect(taken()).toEqual([{ kind: 'participant', taskSid: 'WT1', who: 'otherAgent', change: 'joined', workerSid: 'WKtransferee' }]);
  });

  it('a participant disappearing from the list counts as left, once', () => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);
    set('WT1', [customer(), agent('WKother')]);
    taken();

    set('WT1', [agent('WKother')]);
    set('WT1', [agent('WKother')]);

    expect(taken()).toEqual([{ kind: 'participant', taskSid: 'WT1', who: 'customer', change: 'left' }]);
  });

  it('an outside party joined and left, with its number', () => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);
    const external: ParticipantLike = { participantType: 'external', status: 'joined', callSid: 'CAext', phoneNumber: '+15550002222' };

    set('WT1', [customer(), external]);
    set('WT1', [customer(), { ...external, status: 'left' }]);

    expect(taken().filter((e) => e.who === 'external')).toEqual([
      { kind: 'participant', taskSid: 'WT1', who: 'external', change: 'joined', phoneNumber: '+15550002222' },
      { kind: 'participant', taskSid: 'WT1', who: 'external', change: 'left', phoneNumber: '+15550002222' },
    ]);
  });

  it('participants already on a call at subscribe time are reported at once; an update that changes nothing is silent', () => {
    const { store, set } = conferenceStore();
    set('WT1', [customer(), myself]);

    const { taken } = open(store);
    expect(others(taken())).toEqual([{ kind: 'participant', taskSid: 'WT1', who: 'customer', change: 'joined' }]);

    set('WT1', [customer(), myself]);
    set('WT2', []);
    expect(taken()).toEqual([]);
  });

  it('keeps each task apart', () => {
    const { store, set } = conferenceStore();
    const { taken } = open(store);

    set('WT1', [customer()]);
    set('WT2', [customer()]);
    set('WT1', [customer('left')]);

    expect(taken().map((e) => `${e.taskSid} ${e.change}`)).toEqual(['WT1 joined', 'WT2 joined', 'WT1 left']);
  });

  it('after close(), no store subscription is left and changes are not reported', () => {
    const { store, set, subscriptions } = conferenceStore();
    const { channel, taken } = open(store);
    expect(subscriptions.active()).toBe(1);

    channel.close();

    expect(subscriptions.active()).toBe(0);
    set('WT1', [customer()]);
    expect(taken()).toEqual([]);
  });

  describe("with Flex's own ConferenceParticipant objects in Flex's store", () => {
    // Loaded lazily: only these tests need the real Flex UI.
    const { createFlexStage } = require('../support/flexHarness') as typeof import('../support/flexHarness');

    it('reads joined, left and worker sids through Flex\'s getters', () => {
      const stage = createFlexStage();
      const { taken } = openSource(conferenceSource(stage.store, ME));

      stage.setConference('WT1', [
        { type: 'customer', callSid: 'CAcustomer' },
        { type: 'worker', workerSid: ME, callSid: 'CAme' },
        { type: 'worker', workerSid: 'WKother', callSid: 'CAother', connecting: true },
      ]);
      stage.setConference('WT1', [
        { type: 'customer', callSid: 'CAcustomer', status: 'left' },
        { type: 'worker', workerSid: ME, callSid: 'CAme' },
        { type: 'worker', workerSid: 'WKother', callSid: 'CAother' },
      ]);

      expect(others(taken())).toEqual([
        { kind: 'participant', taskSid: 'WT1', who: 'customer', change: 'joined' },
        { kind: 'participant', taskSid: 'WT1', who: 'customer', change: 'left' },
        { kind: 'participant', taskSid: 'WT1', who: 'otherAgent', change: 'joined', workerSid: 'WKother' },
      ]);
    });

    it("reads another agent without Flex's deprecated isMyself getter (each read logs a warning)", () => {
      const stage = createFlexStage();
      const isMyself = jest.spyOn(stage.Flex.ConferenceParticipant.prototype as { isMyself: boolean }, 'isMyself', 'get');
      try {
        openSource(conferenceSource(stage.store, ME));
        stage.setConference('WT1', [{ type: 'worker', workerSid: 'WKother', callSid: 'CAother' }]);

        expect(isMyself).not.toHaveBeenCalled();
      } finally {
        isMyself.mockRestore();
      }
    });
  });
});
