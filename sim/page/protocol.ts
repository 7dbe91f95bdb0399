/**
 * What crosses between the contact center (Node) and an agent's page (Chromium). Values travel
 * as JSON with four markers: `$ref` names a Node object that the page mirrors (a TaskRouter
 * `Worker`, `Reservation`, `Task`), with its data (`state`) and method names when Node sends it;
 * `$map` is a Map; `$error` an Error with its fields (an HTTP status, headers); `$undefined` keeps
 * an `undefined` in an argument list.
 */

export interface RemoteRef {
  $ref: number;
  /** The object's data fields, encoded (sent by Node with every event, so mirrors stay fresh). */
  state?: Record<string, unknown>;
  /** Its methods: calling one on the mirror calls the Node object. */
  methods?: string[];
}

export interface WireError {
  $error: { name: string; message: string; [field: string]: unknown };
}

/** The page asks Node (one Playwright binding, `hangUpByNode`). */
export type NodeRequest =
  | { kind: 'boot' }
  | { kind: 'ready'; failed?: string }
  | { kind: 'call'; target: number; method: string; args: unknown[] }
  | { kind: 'action'; name: string; payload: unknown }
  | { kind: 'fetchTask'; taskSid: string }
  | { kind: 'pipelineError'; message: string };

export interface BootInfo {
  agent: string;
  workerSid: string;
  accountSid: string;
  /** The `hangUpBy` object of the Flex UI configuration. */
  config: unknown;
  /** The worker, holding the reservations TaskRouter gives a page that loads now. */
  worker: RemoteRef;
  /** Where the page loads the built plugin from. */
  pluginUrl: string;
  pluginName: string;
  pluginVersion: string;
  /** Seeds the page's Math.random: the same run twice backs off the same. */
  seed: number;
}

export type CallReply = { state?: Record<string, unknown>; result?: unknown } | WireError;

/** Node tells the page (in order, batched, through `page.evaluate`). */
export type Delivery =
  | { kind: 'emit'; target: RemoteRef; event: string; args: unknown[] }
  | { kind: 'sync'; target: RemoteRef }
  | { kind: 'conference'; taskSid: string; participants: object[] }
  | { kind: 'connectCall'; reservationSid: string; callSid: string }
  | { kind: 'dropCall'; reservationSid: string; failure?: { code: number } }
  | { kind: 'managerEvent'; name: string; args: unknown[] };

/** What a page reports after it came to rest. */
export interface PageReport {
  /** The page's clock (`Date.now()`, Playwright's fake). */
  now: number;
  /** When the page's earliest timer is due, if it has any. */
  next: number | null;
  /** Binding calls the page started, and the ones answered so far. */
  started: number;
  answered: number;
  /** Flex actions Node asked the page to invoke that have not finished. */
  invoking: number;
}

/** The page's API for Node, on `window.__hangUpByHost`. */
export interface PageHost {
  deliver(messages: Delivery[]): Promise<PageReport>;
  invoke(action: string, payload: unknown): Promise<void>;
  settle(): Promise<PageReport>;
  /** After Playwright's clock ran the page to `now`: timers still pending are due later. */
  afterRun(): PageReport;
}

/** The page's clock reads this instant when the contact center's clock reads 0. */
export const PAGE_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

declare global {
  interface Window {
    __hangUpByHost?: PageHost;
  }
}
