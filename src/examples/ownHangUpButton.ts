import { put } from 'redux-saga/effects';
import type { Extension } from '../install';
import { hangUpByActions } from '../../slices/hangUpBySlice';
import type { SagaServices } from '../../sagas/services';

/**
 * An example extension: a contact center whose agents end calls with a button of their own,
 * registered as the Flex action `EndCallFromCrm` (it hangs up through its own backend, so Flex's
 * HangupCall never runs). Without this, the agent leaving would read as the customer's hang-up.
 *
 * Use it in HangUpByPlugin.init: `install(flex, manager, { extensions: [ownHangUpButton] })`.
 */

interface EndCallFromCrm {
  kind: 'endCallFromCrm';
  reservationSid: string;
}

export const ownHangUpButton: Extension = {
  name: 'own hang-up button',
  sources: ({ flex }) => [
    {
      name: 'endCallFromCrm',
      subscribe(emit: (event: EndCallFromCrm) => void) {
        // Before the action runs: the decision must be there before the agent's leg leaves.
        const listener = (payload: { sid?: unknown; task?: { sid?: unknown } }) => {
          const sid = payload?.task?.sid ?? payload?.sid;
          if (typeof sid === 'string') emit({ kind: 'endCallFromCrm', reservationSid: sid });
        };
        flex.Actions.addListener('beforeEndCallFromCrm', listener);
        return () => flex.Actions.removeListener('beforeEndCallFromCrm', listener);
      },
    },
  ],
  routers: {
    *endCallFromCrm(services: SagaServices, event: EndCallFromCrm) {
      // The same story action as Flex's own Hang Up: the reducer applies rule 1 and its guards.
      yield put(hangUpByActions.agentHungUp({ reservationSid: event.reservationSid, at: services.clock.now() }));
    },
  },
};
