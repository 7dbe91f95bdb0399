import { setImmediate } from 'timers';
import type { Clock } from '../sagas/services';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Simulated time. `sleep` resolves only when the simulation moves time forward, so a backoff of
 * thirty seconds costs nothing. Timers fire in time order, equal times in creation order.
 */
export class VirtualClock implements Clock {
  private current = 0;
  private seq = 0;
  private timers: Timer[] = [];

  now = (): number => this.current;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.current + Math.max(0, ms), seq: this.seq++, resolve });
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    });

  get pending(): number {
    return this.timers.length;
  }

  /** When the earliest timer is due, or null when none is scheduled. */
  get nextAt(): number | null {
    return this.timers[0]?.at ?? null;
  }

  /** Fires the earliest timer, moving time to it. False when nothing is scheduled. */
  fireNext(limit = Number.POSITIVE_INFINITY): boolean {
    const next = this.timers[0];
    if (!next || next.at > limit) return false;
    this.timers.shift();
    this.current = Math.max(this.current, next.at);
    next.resolve();
    return true;
  }

  /** Moves time forward without firing anything (the caller fires what is due). */
  moveTo(time: number): void {
    this.current = Math.max(this.current, time);
  }
}

/**
 * Lets promise chains run to rest. Macrotask turns (Node's setImmediate, imported because jest's
 * jsdom environment hides the global), not timers: real timers are clamped to a millisecond,
 * which would make a suite of thousands of turns slow.
 */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Lets everything due on `clock` by `until` happen, in time order, settling after each, and leaves the clock there. */
export async function runClockUntil(clock: VirtualClock, until: number): Promise<void> {
  await settle();
  while (clock.fireNext(until)) await settle();
  clock.moveTo(until);
  await settle();
}

/** A step's promise, watched: whether it has ended, and how (a drive loop polls it between turns). */
export interface Watched {
  readonly done: boolean;
  /** Throws what the promise rejected with, once it has ended. */
  rethrow(): void;
}

export function watch(promise: Promise<unknown>): Watched {
  const state = { done: false, failure: undefined as unknown };
  promise.then(
    () => (state.done = true),
    (error) => {
      state.done = true;
      state.failure = error ?? new Error('rejected');
    },
  );
  return {
    get done() {
      return state.done;
    },
    rethrow() {
      if (state.failure) throw state.failure;
    },
  };
}
