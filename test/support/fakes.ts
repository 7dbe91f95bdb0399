import { EventEmitter } from 'events';
import type { Storage } from 'redux-persist';
import type { Clock, Logger } from '../../sagas/services';
import type { ReservationRecord } from '../../slices/reservationRecord';

// Stand-ins for the SDK objects Flex hands a plugin: real node EventEmitters (or a real
// EventTarget) with the fields the plugin reads, and a fake TaskRouter behind the task attributes.

/** Lets every pending promise chain run: one macrotask turn drains the microtask queue. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Where a promise stands, readable synchronously after `settle()`. */
export function track(promise: Promise<unknown>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const tracked: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  promise.then(
    () => (tracked.state = 'resolved'),
    (error: unknown) => Object.assign(tracked, { state: 'rejected', error }),
  );
  return tracked;
}

/** A clock that only moves when told to; `sleep` resolves as `advance` passes its due time. */
export class ManualClock implements Clock {
  private time = 0;
  private timers: Array<{ due: number; resolve: () => void }> = [];

  // Arrow properties: the sagas call these detached (`call(clock.sleep, ms)`).
  now = (): number => this.time;
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.timers.push({ due: this.time + Math.max(0, ms), resolve }));

  /** Moves time forward, waking each sleeper in due order and letting its work run before the next. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.time = next.due;
      next.resolve();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

/** The browser's localStorage as redux-persist sees it; `setItem` stores synchronously. */
export class MemoryStorage implements Storage {
  readonly data = new Map<string, string>();
  getItem = (key: string): Promise<string | null> => Promise.resolve(this.data.get(key) ?? null);
  setItem = (key: string, value: string): Promise<void> => {
    this.data.set(key, value);
    return Promise.resolve();
  };
  removeItem = (key: string): Promise<void> => {
    this.data.delete(key);
    return Promise.resolve();
  };

  /** The slice as persisted under a redux-persist key (each top-level key is JSON inside JSON). */
  persistedSlice(persistKey: string): { records?: Record<string, ReservationRecord> } | undefined {
    const raw = this.data.get(`persist:${persistKey}`);
    if (raw === undefined) return undefined;
    const outer = JSON.parse(raw) as Record<string, string>;
    return Object.fromEntries(Object.entries(outer).map(([key, value]) => [key, JSON.parse(value)]));
  }
}

/** A window-like EventTarget that can say how many listeners it holds. */
export class CountingWindow extends EventTarget {
  private readonly held = new Map<string, Set<EventListenerOrEventListenerObject>>();

  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    super.addEventListener(type, listener, options);
    if (listener) this.held.set(type, (this.held.get(type) ?? new Set()).add(listener));
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    super.removeEventListener(type, listener, options);
    if (listener) this.held.get(type)?.delete(listener);
  }

  listenerCount(type: string): number {
    return this.held.get(type)?.size ?? 0;
  }
}

export class MemoryLog implements Logger {
  readonly lines: Array<{ level: 'debug' | 'info' | 'warn' | 'error'; message: string }> = [];
  debug = (message: string): void => void this.lines.push({ level: 'debug', message });
  info = (message: string): void => void this.lines.push({ level: 'info', message });
  warn = (message: string): void => void this.lines.push({ level: 'warn', message });
  error = (message: string): void => void this.lines.push({ level: 'error', message });
  get errors(): string[] {
    return this.lines.filter((l) => l.level === 'error').map((l) => l.message);
  }
}

/** Errors shaped as the TaskRouter SDK rejects with. */
export const taskRouterErrors = {
  unavailable: { status: 503, message: 'Service Unavailable' },
  rateLimited: (retryAfterSeconds: number) => ({
    message: 'Too Many Requests',
    response: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
  }),
  tokenExpired: { status: 401, message: 'Token expired' },
};

type Attributes = Record<string, unknown>;

/** The TaskRouter SDK `Task` (twilio-taskrouter 2.x), the parts the plugin reads. */
export interface FakeSdkTask {
  sid: string;
  taskChannelUniqueName?: unknown;
  transfers?: { incoming?: { mode?: string; workerSid?: string } | null } | null;
  /** An object from TaskRouter; tests may put a JSON string or garbage here. */
  attributes: unknown;
  version: string;
  fetchLatestVersion(): Promise<FakeSdkTask>;
  setAttributes(attributes: object): Promise<unknown>;
  /** twilio-taskrouter's Task is an emitter: `updated` after a `task.updated` event. */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount(event: string): number;
  emit(event: string, ...args: unknown[]): boolean;
}

/**
 * TaskRouter's side of task attributes: the latest attributes and version of each task, a log of
 * every `setAttributes` attempt, and failures to inject into the next N attempts.
 */
export class FakeTaskRouter {
  readonly writes: Array<{ taskSid: string; attributes: Attributes; result: 'ok' | number | string; at: number }> = [];
  private readonly tasks = new Map<string, { attributes: Attributes; version: number }>();
  private failures: { remaining: number; error: unknown } = { remaining: 0, error: undefined };
  /** Every SDK task object handed out: TaskRouter's `task.updated` reaches the ones listened to. */
  private readonly issued: FakeSdkTask[] = [];

  constructor(
    private readonly clock: Clock,
    /** Shared with the fake Flex actions, so tests can assert what happened in which order. */
    readonly timeline: string[] = [],
    /** How long a `setAttributes` takes (on the clock); 0 answers at once. */
    public latencyMs = 0,
  ) {}

  /** Creates the task once; later calls keep what TaskRouter already holds. */
  ensureTask(taskSid: string, attributes: Attributes): void {
    if (!this.tasks.has(taskSid)) this.tasks.set(taskSid, { attributes: clone(attributes), version: 0 });
  }

  attributes(taskSid: string): Attributes {
    return clone(this.entry(taskSid).attributes);
  }

  failNextWrites(count: number, error: unknown): void {
    this.failures = { remaining: count, error };
  }

  /** The TaskRouter SDK `Task` at its current version, as `reservation.task` holds it. */
  sdkTask(taskSid: string, extra: Pick<FakeSdkTask, 'taskChannelUniqueName' | 'transfers'> = {}): FakeSdkTask {
    const router = this;
    const version = this.entry(taskSid).version;
    const task: FakeSdkTask = Object.assign(new EventEmitter(), {
      sid: taskSid,
      ...extra,
      attributes: this.attributes(taskSid),
      version: String(version),
      fetchLatestVersion: () => Promise.resolve(router.sdkTask(taskSid, extra)),
      setAttributes: (attributes: object) => router.write(taskSid, attributes as Attributes, version),
    });
    this.issued.push(task);
    return task;
  }

  /** Another system or another reservation of the call writes the task: the version moves on. */
  writeElsewhere(taskSid: string, attributes: Attributes): void {
    const entry = this.entry(taskSid);
    entry.attributes = clone(attributes);
    entry.version += 1;
  }

  /** TaskRouter's `task.updated` reaches the worker: each task object updates itself, then emits `updated`. */
  announce(taskSid: string): void {
    const entry = this.entry(taskSid);
    for (const task of this.issued) {
      if (task.sid !== taskSid || task.listenerCount('updated') === 0) continue;
      task.attributes = clone(entry.attributes);
      task.version = String(entry.version);
      task.emit('updated', task, { sid: taskSid });
    }
  }

  private async write(taskSid: string, attributes: Attributes, version: number): Promise<unknown> {
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
    const entry = this.entry(taskSid);
    let result: 'ok' | number | string = 'ok';
    let error: unknown;
    if (this.failures.remaining > 0) {
      this.failures.remaining -= 1;
      error = this.failures.error;
      result = statusOf(error);
    } else if (version !== entry.version) {
      error = { status: 412, message: 'Task version mismatch' };
      result = 412;
    }
    this.writes.push({ taskSid, attributes: clone(attributes), result, at: this.clock.now() });
    this.timeline.push(`setAttributes ${taskSid} ${result}`);
    if (error !== undefined) throw error;
    entry.attributes = clone(attributes);
    entry.version += 1;
    return this.sdkTask(taskSid);
  }

  private entry(taskSid: string) {
    const entry = this.tasks.get(taskSid);
    if (!entry) throw new Error(`FakeTaskRouter: no task ${taskSid}`);
    return entry;
  }
}

function statusOf(error: unknown): number | string {
  const e = error as { status?: number; response?: { status?: number }; message?: string } | undefined;
  return e?.status ?? e?.response?.status ?? String(e?.message ?? error);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const EVENT_OF_STATUS = {
  accepted: 'accepted',
  wrapping: 'wrapup',
  completed: 'completed',
  canceled: 'canceled',
  rejected: 'rejected',
  rescinded: 'rescinded',
  timeout: 'timeout',
} as const;

export type ReservationStatus = 'pending' | keyof typeof EVENT_OF_STATUS;

/** A TaskRouter SDK `Reservation`: an emitter whose status changes before it emits. */
export class FakeReservation extends EventEmitter {
  constructor(
    readonly sid: string,
    public status: ReservationStatus,
    public task: FakeSdkTask,
  ) {
    super();
  }

  /** TaskRouter moves the reservation on and emits the event of that step, with the reservation. */
  moveTo(status: keyof typeof EVENT_OF_STATUS): void {
    this.status = status;
    this.emit(EVENT_OF_STATUS[status], this);
  }

  /** The `ITask` Flex passes in an action payload for this reservation. */
  flexTask(extra: object = {}) {
    return { sid: this.sid, taskSid: this.task.sid, taskChannelUniqueName: this.task.taskChannelUniqueName, ...extra };
  }
}

export interface ReservationSpec {
  sid?: string;
  taskSid?: string;
  status?: ReservationStatus;
  channel?: unknown;
  attributes?: Attributes;
  transfers?: FakeSdkTask['transfers'];
}

let counter = 0;

export function makeReservation(router: FakeTaskRouter, spec: ReservationSpec = {}): FakeReservation {
  counter += 1;
  const taskSid = spec.taskSid ?? `WT${counter}`;
  router.ensureTask(taskSid, spec.attributes ?? { from: '+15550001111' });
  const task = router.sdkTask(taskSid, { taskChannelUniqueName: 'channel' in spec ? spec.channel : 'voice', transfers: spec.transfers ?? null });
  return new FakeReservation(spec.sid ?? `WR${counter}`, spec.status ?? 'pending', task);
}

/** A TaskRouter SDK `Worker`. */
export class FakeWorker extends EventEmitter {
  readonly reservations = new Map<string, FakeReservation>();
  constructor(readonly sid = 'WKme') {
    super();
  }

  /** TaskRouter offers a reservation (`reservationCreated`), then it is accepted. */
  offerAndAccept(reservation: FakeReservation): FakeReservation {
    this.reservations.set(reservation.sid, reservation);
    this.emit('reservationCreated', reservation);
    reservation.moveTo('accepted');
    return reservation;
  }
}

/** A Voice SDK 2.x `Device`: `calls` and an `incoming` event per call leg. */
export class FakeDevice extends EventEmitter {
  readonly calls: EventEmitter[] = [];
  ring(): EventEmitter {
    const call = new EventEmitter();
    this.calls.push(call);
    this.emit('incoming', call);
    return call;
  }
}

/** Wraps `store.subscribe` to count the subscriptions made from now on and not yet removed. */
export function countSubscriptions(store: { subscribe(listener: () => void): () => void }): { active(): number } {
  let active = 0;
  const subscribe = store.subscribe.bind(store);
  store.subscribe = (listener) => {
    const unsubscribe = subscribe(listener);
    let subscribed = true;
    active += 1;
    return () => {
      if (subscribed) active -= 1;
      subscribed = false;
      unsubscribe();
    };
  };
  return { active: () => active };
}

/** Listener counts of an emitter for the given event names, for "nothing left behind" checks. */
export function listenerCounts(emitter: { listenerCount(event: string): number }, events: readonly string[]): Record<string, number> {
  return Object.fromEntries(events.map((event) => [event, emitter.listenerCount(event)]));
}

export const RESERVATION_EVENTS = ['accepted', 'wrapup', 'completed', 'canceled', 'rejected', 'rescinded', 'timeout'] as const;
export const CALL_EVENTS = ['error', 'reconnecting', 'reconnected', 'disconnect'] as const;
