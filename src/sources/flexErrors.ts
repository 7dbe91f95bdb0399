import type { EventSource, FlexActionEvent } from '../../sagas/events';
import { listen, type Emitter } from './emitter';

const ACTION_BODY_FAILED = /Error in action (\w+) body/;

/**
 * Flex runs no `after` listener when an action fails; it reports the failure as a "flexError"
 * manager event ("Error in action TransferTask body: …"). This turns those into `failed` action
 * events, so that a transfer that did not happen stops counting as one.
 */
export function flexErrorSource(events: Emitter): EventSource<FlexActionEvent> {
  return {
    name: 'flexErrors',
    subscribe(emit) {
      return listen(events, {
        flexError: (error: any) => { // any: SDKs throw errors of many shapes
          const text = [error?.content?.description, error?.description, error?.message].find((t) => typeof t === 'string');
          const match = typeof text === 'string' ? ACTION_BODY_FAILED.exec(text) : null;
          if (!match) return;
          emit({ kind: 'flexAction', phase: 'failed', name: match[1], reservationSid: null, taskSid: null, taskChannel: null });
        },
      });
    },
  };
}
