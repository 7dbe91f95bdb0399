import { TaskApiError, type LatestAttributes, type TaskAttributesApi } from '../sagas/services';

/** The parts of the TaskRouter SDK's `Task` that the write uses. */
export interface SdkTask {
  sid: string;
  attributes: unknown;
  version?: string;
  fetchLatestVersion(): Promise<SdkTask>;
  /** Resolves with the task itself, updated (twilio-taskrouter `Task#setAttributes`). */
  setAttributes(attributes: object): Promise<{ version?: unknown } | undefined>;
}

export interface SdkReservationLike {
  sid: string;
  task?: SdkTask;
}

export interface TaskLookup {
  /** The worker's current reservations (TaskRouter SDK `worker.reservations`). */
  reservations(): Map<string, SdkReservationLike> | undefined;
  /** A task the worker no longer holds, where Flex gives a way to reach it. */
  fetchTask?(taskSid: string): Promise<SdkTask>;
}

function statusOf(error: any): number | undefined { // any: SDKs throw errors of many shapes
  const candidates = [error?.status, error?.response?.status, error?.statusCode, error?.code];
  for (const value of candidates) {
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n === 'number' && n >= 100 && n < 600) return n;
  }
  const match = /status(?: code)? (\d{3})/i.exec(String(error?.message ?? ''));
  return match ? Number(match[1]) : undefined;
}

function retryAfterOf(error: any): number | undefined { // any: SDKs throw errors of many shapes
  const headers = error?.response?.headers ?? error?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (raw === undefined || raw === null) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(raw));
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Turns whatever the SDK threw into one of the failure kinds the retry policy knows. */
export function classifyTaskRouterError(error: unknown): TaskApiError {
  if (error instanceof TaskApiError) return error;
  const e = error as any; // any: SDKs throw errors of many shapes
  const message = String(e?.message ?? e);
  const status = statusOf(e);
  if (status === 401 || /token.*expired|expired.*token/i.test(message)) return new TaskApiError('tokenExpired', message, status);
  if (status === 412 || /version/i.test(message)) return new TaskApiError('conflict', message, status);
  if (status === 429) return new TaskApiError('rateLimited', message, status, retryAfterOf(e));
  if (status !== undefined && status >= 500) return new TaskApiError('server', message, status, retryAfterOf(e));
  if (status !== undefined) return new TaskApiError('rejected', message, status);
  if (/timed? ?out/i.test(message)) return new TaskApiError('timeout', message);
  return new TaskApiError('network', message);
}

/**
 * Task attributes through the TaskRouter JS SDK of the worker. `fetchLatestVersion` gives the
 * latest attributes and version; `setAttributes` on that same object sends the version, so a
 * change made by someone else in between comes back as a conflict instead of being overwritten.
 */
export function createTaskRouterApi(lookup: TaskLookup): TaskAttributesApi {
  const latestByReservation = new Map<string, SdkTask>();
  const known = new Map<string, SdkTask>();

  async function sdkTask(taskSid: string, reservationSid: string): Promise<SdkTask> {
    const held = lookup.reservations()?.get(reservationSid)?.task;
    if (held) {
      known.set(taskSid, held);
      return held;
    }
    const remembered = known.get(taskSid);
    if (remembered) return remembered;
    if (lookup.fetchTask) return lookup.fetchTask(taskSid);
    throw new TaskApiError('unavailable', `task ${taskSid} is not reachable from this browser`);
  }

  return {
    async fetchLatest(taskSid, reservationSid): Promise<LatestAttributes> {
      try {
        const task = await sdkTask(taskSid, reservationSid);
        const latest = await task.fetchLatestVersion();
        latestByReservation.set(reservationSid, latest);
        known.set(taskSid, latest);
        return { attributes: latest.attributes, version: latest.version === undefined ? undefined : String(latest.version) };
      } catch (error) {
        throw classifyTaskRouterError(error);
      }
    },
    held(_taskSid, reservationSid) {
      const task = lookup.reservations()?.get(reservationSid)?.task;
      if (!task || task.attributes === undefined || task.attributes === null) return undefined;
      return { attributes: task.attributes, version: task.version === undefined ? undefined : String(task.version) };
    },
    async update(taskSid, reservationSid, attributes) {
      try {
        const task = latestByReservation.get(reservationSid) ?? (await sdkTask(taskSid, reservationSid));
        const updated = await task.setAttributes(attributes);
        const version = updated?.version ?? task.version;
        return version === undefined || version === null ? {} : { version: String(version) };
      } catch (error) {
        throw classifyTaskRouterError(error);
      } finally {
        latestByReservation.delete(reservationSid);
      }
    },
  };
}
