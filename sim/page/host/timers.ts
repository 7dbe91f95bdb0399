/**
 * The page's own record of when each of its timers is due, so that the contact center can move
 * time straight to the next thing that happens anywhere (see sim/page/lockstep.ts).
 *
 * Playwright's clock (installed before any page script) replaces `setTimeout` and friends; this
 * wraps those fakes and notes each timer's due time by the same rules: a delay that is not a
 * finite number is 0, one past 2^31-1 is 1, an interval is due again `delay` after it fired.
 * One rule it cannot see: a zero delay set while a timer callback runs is due 1 ms later. So a
 * timer still pending after the clock ran to `now` is due later than noted: `afterRun` moves it
 * to `now + 1` (the clock fires every timer due up to the instant it runs to).
 */
export interface TimerLedger {
  /** The earliest due time, or null. */
  next(): number | null;
  afterRun(now: number): void;
}

const MAX_DELAY = 2147483647;

function delayOf(value: unknown): number {
  let delay = Number(value);
  if (!Number.isFinite(delay)) delay = 0;
  if (delay > MAX_DELAY) delay = 1;
  return Math.max(0, delay);
}

type Handler = TimerHandler;

export function installTimerLedger(target: Window): TimerLedger {
  const due = new Map<number, number>();
  const original = {
    setTimeout: target.setTimeout.bind(target),
    setInterval: target.setInterval.bind(target),
    clearTimeout: target.clearTimeout.bind(target),
    clearInterval: target.clearInterval.bind(target),
    requestAnimationFrame: target.requestAnimationFrame.bind(target),
    cancelAnimationFrame: target.cancelAnimationFrame.bind(target),
  };
  const call = (handler: Handler, args: unknown[]) =>
    typeof handler === 'function' ? handler(...args) : (0, eval)(String(handler)); // a string handler is evaluated, as the browser does

  target.setTimeout = ((handler: Handler, delay?: number, ...args: unknown[]) => {
    const ms = delayOf(delay);
    const id: number = original.setTimeout(() => {
      due.delete(id);
      call(handler, args);
    }, delay);
    due.set(id, Date.now() + ms);
    return id;
  }) as typeof target.setTimeout;

  target.setInterval = ((handler: Handler, delay?: number, ...args: unknown[]) => {
    const ms = delayOf(delay);
    const id: number = original.setInterval(() => {
      due.set(id, Date.now() + ms);
      call(handler, args);
    }, delay);
    due.set(id, Date.now() + ms);
    return id;
  }) as typeof target.setInterval;

  // The browser lets either function clear either kind of timer.
  const clear = (id?: number) => {
    if (id !== undefined) due.delete(Number(id));
  };
  target.clearTimeout = (id?: number) => {
    clear(id);
    original.clearTimeout(id);
  };
  target.clearInterval = (id?: number) => {
    clear(id);
    original.clearInterval(id);
  };

  // Animation frames come every 16 ms of the clock's performance time.
  const frames = new Map<number, number>();
  target.requestAnimationFrame = (callback: FrameRequestCallback) => {
    const id = original.requestAnimationFrame((time) => {
      frames.delete(id);
      callback(time);
    });
    frames.set(id, Date.now() + (16 - (Math.ceil(performance.now()) % 16)));
    return id;
  };
  target.cancelAnimationFrame = (id: number) => {
    frames.delete(id);
    original.cancelAnimationFrame(id);
  };

  return {
    next() {
      let earliest: number | null = null;
      for (const at of due.values()) if (earliest === null || at < earliest) earliest = at;
      for (const at of frames.values()) if (earliest === null || at < earliest) earliest = at;
      return earliest;
    },
    afterRun(now) {
      for (const [id, at] of due) if (at <= now) due.set(id, now + 1);
      for (const [id, at] of frames) if (at <= now) frames.set(id, now + 1);
    },
  };
}
