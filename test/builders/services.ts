import {
  TaskApiError,
  type Clock,
  type HangUpByConfig,
  type LatestAttributes,
  type Logger,
  type RetryConfig,
  type SagaServices,
  type TaskApiFailureKind,
  type TaskAttributesApi,
} from '../../sagas/services';
import { DEFAULT_CONFIG } from '../../src/config';
import { T0 } from './records';

// Fakes for the services the sagas take injected: a virtual clock, a task API holding attributes
// and a version, a logger that records, and a config with overrides.

/* ---------- clock ---------- */

export interface FakeClock extends Clock {
  /** Every sleep asked for, in order, in ms (request timeouts included). */
  readonly sleeps: number[];
  /** Manual mode: moves virtual time on and resolves the sleeps that are due. */
  advance(ms: number): void;
}

/**
 * Virtual time. `auto` (default): each sleep resolves on the next macrotask, earliest deadline
 * first, so promises the code is racing against (an API answer) settle before any sleep does.
 * Manual: sleeps resolve only through `advance`.
 */
export function makeClock({ start = T0, auto = true }: { start?: number; auto?: boolean } = {}): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  let timers: Array<{ due: number; resolve: () => void }> = [];
  const fireEarliest = () => {
    if (timers.length === 0) return;
    const earliest = timers.reduce((a, b) => (b.due < a.due ? b : a));
    timers = timers.filter((t) => t !== earliest);
    now = Math.max(now, earliest.due);
    earliest.resolve();
  };
  return {
    sleeps,
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        sleeps.push(ms);
        timers.push({ due: now + ms, resolve });
        if (auto) setTimeout(fireEarliest, 0);
      }),
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.due <= now);
      timers = timers.filter((t) => t.due > now);
      due.forEach((t) => t.resolve());
    },
  };
}

/* ---------- logger ---------- */

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details: unknown[];
}

export interface RecordingLogger extends Logger {
  entries: LogEntry[];
  messages(level: LogEntry['level']): string[];
}

export function makeLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (message: string, ...details: unknown[]) => {
      entries.push({ level, message, details });
    };
  return {
    entries,
    messages: (level) => entries.filter((e) => e.level === level).map((e) => e.message),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/* ---------- task API ---------- */

type Op = 'fetchLatest' | 'update';
type Script = { kind: 'fail'; error: TaskApiError } | { kind: 'hang' };

export interface FakeTaskApi extends TaskAttributesApi {
  /** The task's attributes as TaskRouter holds them now (an object, a string, anything). */
  attributes: unknown;
  version: number;
  calls: Record<Op, number>;
  /** The attributes and version of every update that landed. */
  updates: Array<{ attributes: Record<string, unknown>; version?: string }>;
  /** The next `times` calls of `op` fail with a TaskApiError of this kind. */
  failNext(op: Op, times: number, kind: TaskApiFailureKind, extra?: { status?: number; retryAfterMs?: number }): FakeTaskApi;
  /** The next `times` calls of `op` never answer. */
  hangNext(op: Op, times: number): FakeTaskApi;
  /** Someone else changes the task (another agent, a Studio flow): the version moves on. */
  changeElsewhere(change: (attributes: Record<string, unknown>) => Record<string, unknown>): void;
  /** Runs once, inside the next update, before the version is checked. */
  beforeNextUpdate?: () => void;
}

const clone = <T>(value: T): T => (typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value);

export function makeTaskApi(attributes: unknown = {}): FakeTaskApi {
  const scripts: Record<Op, Script[]> = { fetchLatest: [], update: [] };
  const scripted = (op: Op): Promise<never> | null => {
    const next = scripts[op].shift();
    if (!next) return null;
    return next.kind === 'hang' ? new Promise<never>(() => undefined) : Promise.reject(next.error);
  };
  const api: FakeTaskApi = {
    attributes,
    version: 1,
    calls: { fetchLatest: 0, update: 0 },
    updates: [],
    failNext(op, times, kind, extra = {}) {
      for (let i = 0; i < times; i += 1) {
        scripts[op].push({ kind: 'fail', error: new TaskApiError(kind, `fake ${kind}`, extra.status, extra.retryAfterMs) });
      }
      return api;
    },
    hangNext(op, times) {
      for (let i = 0; i < times; i += 1) scripts[op].push({ kind: 'hang' });
      return api;
    },
    changeElsewhere(change) {
      api.attributes = change(clone(api.attributes as Record<string, unknown>));
      api.version += 1;
    },
    fetchLatest(): Promise<LatestAttributes> {
      api.calls.fetchLatest += 1;
      return scripted('fetchLatest') ?? Promise.resolve({ attributes: clone(api.attributes), version: String(api.version) });
    },
    update(_taskSid, _reservationSid, next, version) {
      api.calls.update += 1;
      const script = scripted('update');
      if (script) return script;
      const hook = api.beforeNextUpdate;
      api.beforeNextUpdate = undefined;
      hook?.();
      if (version !== undefined && version !== String(api.version)) {
        return Promise.reject(new TaskApiError('conflict', 'fake version mismatch', 412));
      }
      api.attributes = clone(next);
      api.version += 1;
      api.updates.push({ attributes: clone(next), version });
      return Promise.resolve({ version: String(api.version) });
    },
  };
  return api;
}

/* ---------- config and services ---------- */

export type ConfigOverrides = Partial<Omit<HangUpByConfig, 'retry'>> & { retry?: Partial<RetryConfig> };

export function makeConfig(overrides: ConfigOverrides = {}): HangUpByConfig {
  const { retry, ...rest } = overrides;
  return { ...DEFAULT_CONFIG, voiceChannels: [...DEFAULT_CONFIG.voiceChannels], ...rest, retry: { ...DEFAULT_CONFIG.retry, ...retry } };
}

export interface TestServices extends SagaServices {
  clock: FakeClock;
  log: RecordingLogger;
  taskApi: FakeTaskApi;
  flushPersistence: jest.Mock<void, []>;
}

export function makeServices(
  overrides: Partial<Omit<TestServices, 'config'>> & { config?: ConfigOverrides } = {},
): TestServices {
  const { config, ...rest } = overrides;
  return {
    config: makeConfig(config),
    clock: makeClock(),
    log: makeLogger(),
    taskApi: makeTaskApi(),
    random: () => 0.5,
    flushPersistence: jest.fn<void, []>(),
    // A token that is never refreshed unless a test says so.
    tokenRefreshed: () => new Promise<void>(() => undefined),
    ...rest,
  };
}

/** A promise the test settles by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets every pending promise callback and queued macrotask run. */
export const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
