import type { EventChannel } from 'redux-saga';
import type { EventSource, PluginEvent } from '../../sagas/events';
import { sourceChannel } from '../../sagas/sourceChannel';

/**
 * A source opened the way the root saga opens it (`sourceChannel`), with `taken()` returning the
 * events buffered since the last call, as a saga's `take` would receive them.
 */
export function openSource<E extends PluginEvent>(source: EventSource<E>): { channel: EventChannel<E>; taken(): E[] } {
  const channel = sourceChannel(source);
  return {
    channel,
    taken() {
      let events: E[] = [];
      channel.flush((buffered) => {
        if (Array.isArray(buffered)) events = buffered;
      });
      return events;
    },
  };
}
