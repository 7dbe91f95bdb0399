import { hangUpByActions, selectCompletionReady, selectRecord, type RootWithHangUpBy } from '../slices/hangUpBySlice';
import type { Clock, Logger } from '../sagas/services';
import type { ActionsLike } from './sources/flexActions';

export interface GateDeps {
  actions: ActionsLike;
  getState(): RootWithHangUpBy;
  subscribe(listener: () => void): () => void;
  dispatch(action: { type: string }): unknown;
  clock: Clock;
  log: Logger;
  budgetMs(): number;
}

/** Resolves true when `ready()` holds, false when `ms` pass first. Leaves no subscription behind. */
export function waitUntil(
  ready: () => boolean,
  subscribe: (listener: () => void) => () => void,
  clock: Clock,
  ms: number,
): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: boolean) => {
      if (done) return;
      done = true;
      unsubscribe();
      resolve(value);
    };
    const unsubscribe = subscribe(() => ready() && finish(true));
    clock.sleep(ms).then(() => finish(false), () => finish(false));
  });
}

/**
 * `beforeCompleteTask`: Insights snapshots the attributes when the reservation completes, so the
 * write should land first, and a value another reservation wrote over it since should be put
 * back (a reservation that shares its task). The agent waits at most the configured budget; then Complete goes on
 * and the write keeps trying. This listener never throws and never aborts the completion.
 * Returns the function that removes the listener.
 */
export function installCompletionGate(deps: GateDeps): () => void {
  const listener = async (payload: any) => { // any: Flex's action payloads are untyped
    try {
      const reservationSid = typeof payload?.task?.sid === 'string' ? payload.task.sid : payload?.sid;
      if (typeof reservationSid !== 'string' || !selectRecord(deps.getState(), reservationSid)) return;
      const budgetMs = deps.budgetMs();
      const started = deps.clock.now();
      deps.dispatch(hangUpByActions.completionHeld({ reservationSid, budgetMs, at: started }));
      // Ready when the write has landed and no second write is due (outcomes.md "When").
      const ready = () => selectCompletionReady(deps.getState(), reservationSid);
      await waitUntil(ready, deps.subscribe, deps.clock, budgetMs);
      const record = selectRecord(deps.getState(), reservationSid);
      deps.dispatch(
        hangUpByActions.completionReleased({
          reservationSid,
          waitedMs: deps.clock.now() - started,
          writeStatus: record ? record.write.status : 'settled',
          at: deps.clock.now(),
        }),
      );
    } catch (error) {
      deps.log.error('[hang-up-by] beforeCompleteTask: completion let through after an error', String(error));
    }
  };
  deps.actions.addListener('beforeCompleteTask', listener);
  return () => deps.actions.removeListener('beforeCompleteTask', listener);
}
