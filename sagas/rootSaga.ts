import type { EventChannel } from 'redux-saga';
import { all, call, fork, take } from 'redux-saga/effects';
import { watchCompletion } from './completion';
import type { EventSource, PluginEvent } from './events';
import {
  routeConnectionEvent,
  routeFlexAction,
  routePageEvent,
  routeParticipantEvent,
  routeReservationEvent,
  routeTaskEvent,
  routeVoiceEvent,
} from './inference';
import type { SagaServices } from './services';
import { sourceChannel } from './sourceChannel';
import { resumeAfterReload, type StartupOptions } from './startup';
import { watchWriteRequests } from './writeAttributes';
import type { Saga } from './saga';

/** Turns one event into story actions (`put`s of hangUpBy actions). */
export type Router = (services: SagaServices, event: any) => Saga; // any: each router narrows its own event

/** Which router handles which kind of event. Extensions add their own sources and routers. */
export const defaultRouters: Record<PluginEvent['kind'], Router> = {
  reservation: routeReservationEvent,
  task: routeTaskEvent,
  flexAction: routeFlexAction,
  participant: routeParticipantEvent,
  voice: routeVoiceEvent,
  connection: routeConnectionEvent,
  page: routePageEvent,
};

export interface RootSagaOptions extends StartupOptions {
  sources: Array<EventSource<{ kind: string }>>;
  /** Routers for event kinds of extensions' own sources. Built-in kinds keep their routers. */
  routers?: Record<string, Router>;
}

type AnyEvent = { kind: string };

function* consume(services: SagaServices, name: string, channel: EventChannel<AnyEvent>, routers: Record<string, Router>) {
  for (;;) {
    const event: AnyEvent = yield take(channel);
    try {
      const route = routers[event.kind];
      if (route) yield call(route, services, event);
    } catch (error) {
      // One bad event is skipped, never the watcher: the next call must still be recorded.
      services.log.error(`[hang-up-by] ${name}: event skipped after an error`, event, String(error));
    }
  }
}

/**
 * The plugin's saga. Channels are created first so that nothing emitted during rehydration is
 * lost (they buffer), then interrupted work is resumed, then events are consumed, each source in
 * order. Cancelling this saga closes every channel, which removes every listener.
 */
export function* rootSaga(services: SagaServices, options: RootSagaOptions): Saga {
  const routers: Record<string, Router> = { ...options.routers, ...defaultRouters };
  for (const kind of Object.keys(options.routers ?? {})) {
    if (kind in defaultRouters) services.log.warn(`[hang-up-by] an extension's router for "${kind}" ignored: built-in kinds keep their rules`);
  }
  const channels: Array<{ name: string; channel: EventChannel<AnyEvent> }> = [];
  try {
    for (const source of options.sources) {
      channels.push({ name: source.name, channel: yield call(sourceChannel, source) });
    }
    yield fork(watchWriteRequests, services);
    yield fork(watchCompletion, services);
    yield call(resumeAfterReload, services, options);
    yield all(channels.map(({ name, channel }) => call(consume, services, name, channel, routers)));
  } finally {
    for (const { channel } of channels) channel.close();
  }
}
