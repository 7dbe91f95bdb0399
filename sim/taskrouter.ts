import { EventEmitter } from 'events';

/**
 * TaskRouter, as the worker's browser sees it through the TaskRouter JS SDK (twilio-taskrouter
 * 2.x): `Worker`, `Reservation` and `Task` objects with the same names, events and methods that
 * the plugin's production wiring (src/) uses. The server side (attributes, versions, faults, the
 * Insights snapshot) lives in `TaskRouterServer`.
 */

export type FaultKind = '429' | '503' | 'network' | 'conflict' | '403' | 'timeout' | 'interleavedWrite';

export interface Segment {
  agent: string;
  reservationSid: string;
  hang_up_by: string | null;
  destination?: string;
}

/** Whose SDK task object made a request: the agent's browser, and the reservation that holds the task. */
export interface Requester {
  agent: string;
  /** Absent for a task reached through the Workspace client (no reservation holds it). */
  reservationSid?: string;
}

export interface AcceptedWrite {
  taskSid: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  by?: Requester;
}

/** One task-attribute REST call, as TaskRouter saw it (the benchmark counts them per reservation). */
export interface TaskRequest {
  taskSid: string;
  kind: 'read' | 'write';
  by?: Requester;
  ok: boolean;
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function deepMerge(target: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  const out = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    out[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value) && typeof out[key] === 'object' && out[key] !== null
        ? deepMerge(out[key], value)
        : value;
  }
  return out;
}

interface ServerTask {
  sid: string;
  channel: string;
  attributes: Record<string, unknown>;
  version: number;
}

/** Errors shaped as the SDK's request layer reports them (an HTTP status on `response`). */
function httpError(status: number, headers: Record<string, string> = {}): Error {
  const error = new Error(`Request failed with status code ${status}`) as Error & { response: unknown; status: number };
  error.status = status;
  error.response = { status, headers };
  return error;
}

/** What TaskRouter pushes to the workers of a task when its attributes change (`task.updated`). */
export interface TaskUpdatedEvent {
  sid: string;
  attributes: Record<string, unknown>;
  version: number;
}

export class TaskRouterServer {
  readonly tasks = new Map<string, ServerTask>();
  /** Called on every change of a task's attributes; the contact center pushes it to the workers. */
  onTaskUpdated: (event: TaskUpdatedEvent) => void = () => undefined;
  readonly segments: Segment[] = [];
  readonly acceptedWrites: AcceptedWrite[] = [];
  readonly requests: TaskRequest[] = [];
  /** For each segment, how many accepted writes came before its snapshot (what it could have seen). */
  readonly snapshotOrder: Array<{ reservationSid: string; writesBefore: number }> = [];
  private faults: Array<{ kind: FaultKind; retryAfterMs?: number }> = [];
  private taskCount = 0;

  constructor(
    private readonly sleep: (ms: number) => Promise<void>,
    /** Each REST call takes this long (simulated): enough for calls to interleave as they do. */
    private readonly latencyMs = 20,
    /**
     * Whether the workers' SDK sends the task version with updates (twilio-taskrouter's
     * `enableVersionCheck`, which sends it as If-Match). Without it nothing is refused: the last
     * write wins.
     */
    readonly versionCheck = true,
  ) {}

  createTask(channel: string, attributes: Record<string, unknown>): string {
    const sid = `WT${String(++this.taskCount).padStart(32, '0')}`;
    this.tasks.set(sid, { sid, channel, attributes: clone(attributes), version: 0 });
    return sid;
  }

  task(sid: string): ServerTask {
    const task = this.tasks.get(sid);
    if (!task) throw new Error(`no task ${sid}`);
    return task;
  }

  addFaults(kind: FaultKind, times: number, retryAfterMs?: number): void {
    for (let i = 0; i < times; i++) this.faults.push({ kind, retryAfterMs });
  }

  /** Another system (Studio, a backend, another plugin) changes the task. */
  foreignWrite(taskSid: string, patch: Record<string, unknown>): void {
    const task = this.task(taskSid);
    task.attributes = deepMerge(task.attributes, clone(patch));
    task.version += 1;
    this.announce(task);
  }

  private announce(task: ServerTask): void {
    this.onTaskUpdated({ sid: task.sid, attributes: clone(task.attributes), version: task.version });
  }

  snapshot(agent: string, reservationSid: string, taskSid: string): void {
    const conversations = (this.task(taskSid).attributes.conversations ?? {}) as Record<string, unknown>;
    const segment: Segment = {
      agent,
      reservationSid,
      hang_up_by: typeof conversations.hang_up_by === 'string' ? conversations.hang_up_by : null,
    };
    if (typeof conversations.destination === 'string') segment.destination = conversations.destination;
    this.segments.push(segment);
    this.snapshotOrder.push({ reservationSid, writesBefore: this.acceptedWrites.length });
  }

  /** One task-attribute call as the REST API answers it: latency, then a fault if one is queued. */
  private async request<T>(taskSid: string, isWrite: boolean, body: () => T, by?: Requester): Promise<T> {
    const logged: TaskRequest = { taskSid, kind: isWrite ? 'write' : 'read', by, ok: false };
    this.requests.push(logged);
    const result = await this.answer(taskSid, isWrite, body);
    logged.ok = true;
    return result;
  }

  private async answer<T>(taskSid: string, isWrite: boolean, body: () => T): Promise<T> {
    await this.sleep(this.latencyMs);
    // A conflict is someone else's change landing between a read and the write that follows
    // it: it waits in the queue for the next write (so does an interleaved write).
    if ((this.faults[0]?.kind === 'conflict' || this.faults[0]?.kind === 'interleavedWrite') && !isWrite) return body();
    const fault = this.faults.shift();
    if (fault?.kind === '429') {
      const seconds = fault.retryAfterMs !== undefined ? String(fault.retryAfterMs / 1000) : undefined;
      throw httpError(429, seconds ? { 'retry-after': seconds } : {});
    }
    if (fault?.kind === '503') throw httpError(503);
    if (fault?.kind === '403') throw httpError(403);
    // A request TaskRouter answers only after a minute: the caller has long given up by then,
    // yet the request still takes effect when it arrives.
    if (fault?.kind === 'timeout') await this.sleep(60_000);
    if (fault?.kind === 'network') throw new Error('Network Error');
    if (fault?.kind === 'conflict') {
      this.foreignWrite(taskSid, { foreign_update: this.task(taskSid).version + 1 });
      // Refused whether or not the version was sent: existing stories keep their meaning.
      if (!this.versionCheck) throw httpError(412);
    }
    if (fault?.kind === 'interleavedWrite') {
      // Another system's change lands just before the write: refused only if the version is checked.
      this.foreignWrite(taskSid, { crm_note: 'written between the read and the write' });
    }
    return body();
  }

  fetch(taskSid: string, by?: Requester): Promise<{ attributes: Record<string, unknown>; version: number }> {
    return this.request(
      taskSid,
      false,
      () => {
        const task = this.task(taskSid);
        return { attributes: clone(task.attributes), version: task.version };
      },
      by,
    );
  }

  /** Replaces the attributes; when a version is sent (If-Match), only if the task is still at it. */
  update(
    taskSid: string,
    attributes: Record<string, unknown>,
    version: number | undefined,
    by?: Requester,
  ): Promise<{ attributes: Record<string, unknown>; version: number }> {
    return this.request(
      taskSid,
      true,
      () => {
        const task = this.task(taskSid);
        if (version !== undefined && task.version !== version) throw httpError(412);
        this.acceptedWrites.push({ taskSid, before: clone(task.attributes), after: clone(attributes), by });
        task.attributes = clone(attributes);
        task.version += 1;
        this.announce(task);
        return { attributes: clone(task.attributes), version: task.version };
      },
      by,
    );
  }
}

/** twilio-taskrouter `Task`, as held by one reservation. */
export class SimTask extends EventEmitter {
  attributes: Record<string, unknown>;
  version: string;
  readonly taskChannelUniqueName: string;
  transfers: { incoming: { mode: 'COLD' | 'WARM'; workerSid: string; status: string } | null; outgoing: null } = {
    incoming: null,
    outgoing: null,
  };
  /** Which browser (and reservation) holds this object: TaskRouter's log names the caller. */
  holder?: Requester;

  constructor(
    private readonly server: TaskRouterServer,
    readonly sid: string,
  ) {
    super();
    const task = server.task(sid);
    this.attributes = clone(task.attributes);
    this.version = String(task.version);
    this.taskChannelUniqueName = task.channel;
  }

  async fetchLatestVersion(): Promise<SimTask> {
    const latest = await this.server.fetch(this.sid, this.holder);
    this.attributes = latest.attributes;
    this.version = String(latest.version);
    return this;
  }

  async setAttributes(attributes: object): Promise<SimTask> {
    // twilio-taskrouter sends the version (If-Match) only with `enableVersionCheck`.
    const version = this.server.versionCheck ? Number(this.version) : undefined;
    const updated = await this.server.update(this.sid, attributes as Record<string, unknown>, version, this.holder);
    this.attributes = updated.attributes;
    this.version = String(updated.version);
    return this;
  }

  /** A `task.updated` event reached this worker: the SDK updates the task object, then emits `updated`. */
  receiveUpdate(event: TaskUpdatedEvent): void {
    this.attributes = clone(event.attributes);
    this.version = String(event.version);
    this.emit('updated', this, { sid: event.sid, attributes: JSON.stringify(event.attributes), version: String(event.version) });
  }
}

export type ReservationStatus = 'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'wrapping' | 'completed';

/** twilio-taskrouter `Reservation`. */
export class SimReservation extends EventEmitter {
  status: ReservationStatus = 'pending';

  constructor(
    readonly sid: string,
    readonly workerSid: string,
    readonly task: SimTask,
  ) {
    super();
  }

  /** Moves to a status and emits its event, as TaskRouter's event bridge does. */
  transition(status: ReservationStatus): void {
    const event = status === 'wrapping' ? 'wrapup' : status;
    this.status = status;
    this.emit(event, this);
  }
}

/** twilio-taskrouter `Worker`: a browser's view of its own reservations. */
export class SimWorker extends EventEmitter {
  readonly reservations = new Map<string, SimReservation>();

  constructor(readonly sid: string) {
    super();
  }
}
