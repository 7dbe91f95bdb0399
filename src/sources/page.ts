import type { EventSource, PageEvent } from '../../sagas/events';

export interface WindowLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * The page going away (reload, close, navigation). Handled synchronously: the browser gives no
 * second chance once `beforeunload` returns.
 */
export function pageSource(target: WindowLike): EventSource<PageEvent> {
  return {
    name: 'page',
    subscribe(emit) {
      const onBeforeUnload = () => emit({ kind: 'page', event: 'beforeunload' });
      target.addEventListener('beforeunload', onBeforeUnload);
      return () => target.removeEventListener('beforeunload', onBeforeUnload);
    },
  };
}
