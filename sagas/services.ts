import type { TransferPolicy } from '../slices/outcomes';

/**
 * What the sagas need from the world, injected: production passes Flex (src/), tests and the
 * simulator pass their own. Nothing here is a module singleton.
 */

export interface Clock {
  now(): number;
  /** Resolves after `ms`; the simulator's clock makes this virtual. */
  sleep(ms: number): Promise<void>;
}

export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export interface LatestAttributes {
  /** As TaskRouter holds them: normally an object; a JSON string or garbage is possible. */
  attributes: unknown;
  /** The task's version, sent back so that a concurrent change is a conflict, not a silent overwrite. */
  version?: string;
}

/** Why a task call failed, classified by the adapter that made it. */
export type TaskApiFailureKind =
  | 'rateLimited' // 429
  | 'server' // 5xx
  | 'network'
  | 'timeout'
  | 'conflict' // the task changed between read and write (412 / version mismatch)
  | 'rejected' // 400, 403, 404 and the like: retrying will not help
  | 'tokenExpired'
  | 'unavailable'; // the task cannot be reached from this browser any more

export class TaskApiError extends Error {
  constructor(
    readonly kind: TaskApiFailureKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TaskApiError';
  }
}

export interface TaskAttributesApi {
  fetchLatest(taskSid: string, reservationSid: string): Promise<LatestAttributes>;
  /**
   * Replaces the task's attributes; with `version`, only if the task is still at that version.
   * Resolves with the task's version after the update, when TaskRouter gives it.
   */
  update(taskSid: string, reservationSid: string, attributes: Record<string, unknown>, version?: string): Promise<{ version?: string }>;
  /**
   * The task's attributes as this browser already holds them (the SDK keeps a held task current
   * from TaskRouter's updates), without a request; undefined when it holds none.
   */
  held?(taskSid: string, reservationSid: string): LatestAttributes | undefined;
}

export interface RetryConfig {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  requestTimeoutMs: number;
  /** How long a write waits for a refreshed token before it gives up. */
  tokenWaitMs: number;
}

export interface HangUpByConfig {
  enabled: boolean;
  transferPolicy: TransferPolicy;
  /** How long the agent's Complete may wait for the write (beforeCompleteTask). */
  completionBudgetMs: number;
  retry: RetryConfig;
  /** Task channels treated as voice calls. */
  voiceChannels: string[];
  /** The name of an external cold transfer action, when the contact center has one. */
  externalColdTransferAction: string;
}

export interface SagaServices {
  config: HangUpByConfig;
  clock: Clock;
  log: Logger;
  taskApi: TaskAttributesApi;
  /** A number in [0, 1): jitter for the backoff. */
  random(): number;
  /** Writes persisted state to storage now (the page may be about to go away). */
  flushPersistence(): void;
  /** Resolves when Flex has a fresh token. */
  tokenRefreshed(): Promise<void>;
}
