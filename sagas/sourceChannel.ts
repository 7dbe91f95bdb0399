import { buffers, eventChannel, type EventChannel } from 'redux-saga';
import type { EventSource } from './events';

/** The one place an event source becomes a channel. Expanding buffer: no event is dropped. */
export function sourceChannel<E extends { kind: string }>(source: EventSource<E>): EventChannel<E> {
  return eventChannel<E>((emit) => source.subscribe(emit), buffers.expanding<E>(16));
}
