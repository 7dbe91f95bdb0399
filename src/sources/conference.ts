import type { EventSource, ParticipantEvent } from '../../sagas/events';

/** The parts of a Flex `ConferenceParticipant` read here. */
export interface ParticipantLike {
  participantType?: string;
  status?: string;
  connecting?: boolean;
  workerSid?: string;
  isCurrentWorker?: boolean;
  callSid?: string;
  phoneNumber?: string;
}

export interface StoreLike {
  getState(): any; // any: Flex's state type is not exported to plugins
  subscribe(listener: () => void): () => void;
}

type Who = ParticipantEvent['who'];

interface Seen {
  who: Who;
  present: boolean;
  workerSid?: string;
  phoneNumber?: string;
  callSid?: string;
}

function whoIs(p: ParticipantLike, myWorkerSid: string): Who | null {
  switch (p.participantType) {
    case 'customer':
      return 'customer';
    case 'worker':
    case 'agent':
      // Our own leg: only its call sid matters (its end is seen through the reservation).
      // (not `isMyself`: Flex logs a deprecation warning each time that getter is read)
      return p.isCurrentWorker || p.workerSid === myWorkerSid ? 'me' : 'otherAgent';
    case 'external':
      return 'external';
    default:
      // supervisors (monitoring is not a party to the call), transfer placeholders, unknown
      return null;
  }
}

function keyOf(p: ParticipantLike, index: number): string {
  return p.callSid ?? p.workerSid ?? p.phoneNumber ?? `${p.participantType}#${index}`;
}

/**
 * Who is on each call, from the conference state Flex keeps in its store
 * (`flex.conferences.states`, keyed by task sid, fed by Flex's own conference listener).
 * Emits a change each time a customer, another agent or an outside party joins or leaves, for
 * the tasks `watchedTasks` names (all when not given).
 * Flex lists participants who left with status "left"/"recently_left"; a participant still
 * dialing (`connecting`) has not joined yet.
 */
export function conferenceSource(
  store: StoreLike,
  myWorkerSid: string,
  watchedTasks?: (root: any) => ReadonlySet<string>, // any: Flex's state type is not exported to plugins
): EventSource<ParticipantEvent> {
  return {
    name: 'conference',
    subscribe(emit) {
      const seen = new Map<string, Map<string, Seen>>();
      // Flex replaces the entry of each conference that changed and keeps the others as they
      // were: only a changed entry can hold a change of participants.
      const lastState = new Map<string, unknown>();
      let lastStates: unknown;
      let lastWatched: unknown;
      type ConferenceState = { source?: { participants?: ParticipantLike[] } } | undefined;
      const compare = (taskSid: string, state: ConferenceState) => {
        if (lastState.get(taskSid) === state) return;
        lastState.set(taskSid, state);
        const before = seen.get(taskSid) ?? new Map<string, Seen>();
        const now = new Map<string, Seen>();
        (state?.source?.participants ?? []).forEach((p, index) => {
          const who = whoIs(p, myWorkerSid);
          if (!who) return;
          const present = p.status === 'joined' && !p.connecting;
          now.set(keyOf(p, index), { who, present, workerSid: p.workerSid, phoneNumber: p.phoneNumber, callSid: p.callSid });
        });
        for (const [key, was] of before) {
          if (was.present && !now.get(key)?.present) now.set(key, { ...was, present: false });
        }
        for (const [key, is] of now) {
          const was = before.get(key)?.present ?? false;
          if (was === is.present) continue;
          const event: ParticipantEvent = { kind: 'participant', taskSid, who: is.who, change: is.present ? 'joined' : 'left' };
          if (is.workerSid) event.workerSid = is.workerSid;
          if (is.phoneNumber) event.phoneNumber = is.phoneNumber;
          if (is.who === 'me' && is.callSid) event.callSid = is.callSid;
          emit(event);
        }
        seen.set(taskSid, now);
      };
      const check = () => {
        // This runs on every dispatch on Flex's store: one read of the state, two comparisons.
        const root = store.getState();
        const states = root?.flex?.conferences?.states;
        const watched = watchedTasks?.(root);
        if ((states === lastStates && watched === lastWatched) || !(states instanceof Map)) return;
        lastStates = states;
        const conferences = states as Map<string, ConferenceState>;
        if (!watched) {
          for (const [taskSid, state] of conferences) compare(taskSid, state);
          return;
        }
        if (watched !== lastWatched) {
          // A task no longer watched is forgotten; if it comes back, it is compared from nobody.
          for (const taskSid of seen.keys()) {
            if (!watched.has(taskSid)) {
              seen.delete(taskSid);
              lastState.delete(taskSid);
            }
          }
          lastWatched = watched;
        }
        // Only the conferences of tasks this browser keeps a record of: one that gets a record
        // later is compared then (from nobody, so all who are on the call show as joined).
        for (const taskSid of watched) {
          const state = conferences.get(taskSid);
          if (state !== undefined) compare(taskSid, state);
        }
      };
      check();
      return store.subscribe(check);
    },
  };
}
