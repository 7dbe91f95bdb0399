import type { ConnectionEvent, EventSource } from '../../sagas/events';
import { listen, type Emitter } from './emitter';

/** Flex's own connection to Twilio (`manager.events` "connectionStateChanged"). */
export function connectionSource(events: Emitter): EventSource<ConnectionEvent> {
  return {
    name: 'connection',
    subscribe(emit) {
      return listen(events, {
        connectionStateChanged: (state: unknown) =>
          emit({ kind: 'connection', state: state === 'connected' ? 'connected' : 'notConnected' }),
      });
    },
  };
}
