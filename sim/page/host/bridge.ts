import type { Delivery, NodeRequest, PageReport } from '../protocol';

/**
 * The page's one way to the contact center. Two transports, one page bundle:
 * - the browser engine's: the `hangUpByNode` binding that the engine exposes before the page loads;
 * - the playground's (a person's browser, no Playwright): when the page says so with
 *   `<meta name="hang-up-by-transport" content="http">` and names its agent (`?agent=alice`), a
 *   request is POSTed to `/api/tabs/<agent>/ask`, and what Node tells the page arrives as
 *   Server-Sent Events from `/api/tabs/<agent>/events`, one numbered batch per event.
 * It counts the calls it started and the answers it got, so that Node can tell a page at rest from
 * one waiting for an answer still on its way.
 */
declare global {
  interface Window {
    hangUpByNode?: (request: NodeRequest) => Promise<unknown>;
  }
}

const counters = { started: 0, answered: 0, invoking: 0 };

/** One event of the playground's stream: a batch of deliveries, then maybe an action to invoke. */
export interface StreamBatch {
  seq: number;
  messages: Delivery[];
  invoke?: { id: number; action: string; payload: unknown };
}

/** The playground's answer to an ask: the answer, and the last batch sent before it. */
export interface AskAnswer {
  seq: number;
  answer: unknown;
}

/** What the page's status line shows when the stream ends (the server stopped, another tab took over). */
type StreamEnded = (reason: string) => void;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The playground's transport. Batches are delivered strictly in order (one after the other, each
 * to its end); an answer that carries batch `seq` resolves only once that batch was delivered, so
 * the page never hears "done" before the events that came first. The stream is opened once, and
 * never reopened by the browser on its own: a page whose stream broke is a page the playground
 * counts as gone (reload it to come back).
 */
class HttpTransport {
  private delivered = 0;
  private waiters: Array<{ seq: number; resolve(): void }> = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly connection: Promise<string>;
  private readonly base: string;
  onEnded: StreamEnded = () => undefined;

  constructor(readonly agent: string) {
    this.base = `/api/tabs/${encodeURIComponent(agent)}`;
    this.connection = new Promise<string>((resolve, reject) => {
      const source = new EventSource(`${this.base}/events`);
      let ended = false;
      source.addEventListener('hello', (event) => resolve((JSON.parse((event as MessageEvent).data) as { connection: string }).connection));
      source.addEventListener('batch', (event) => this.receive(JSON.parse((event as MessageEvent).data) as StreamBatch));
      source.addEventListener('reload', () => {
        ended = true;
        location.reload();
      });
      source.addEventListener('ended', (event) => {
        ended = true;
        source.close();
        this.onEnded((JSON.parse((event as MessageEvent).data) as { reason: string }).reason);
      });
      source.onerror = () => {
        if (ended) return;
        source.close();
        reject(new Error('the playground is not reachable'));
        this.onEnded('the connection to the playground ended (server stopped?): reload to reconnect');
      };
    });
    this.connection.catch(() => undefined);
  }

  private receive(batch: StreamBatch): void {
    this.chain = this.chain.then(async () => {
      const host = await this.host();
      if (batch.messages.length > 0) await host.deliver(batch.messages);
      this.delivered = batch.seq;
      this.waiters = this.waiters.filter((w) => (w.seq <= this.delivered ? (w.resolve(), false) : true));
      // Not awaited: the action's own asks wait for later batches of this same chain.
      if (batch.invoke) void this.invoke(host, batch.invoke);
    });
  }

  /** The host's API exists once the page booted; batches come only after that, but wait if needed. */
  private async host() {
    while (!window.__hangUpByHost) await sleep(10);
    return window.__hangUpByHost;
  }

  private async invoke(host: NonNullable<Window['__hangUpByHost']>, request: NonNullable<StreamBatch['invoke']>): Promise<void> {
    let error: { name: string; message: string } | undefined;
    try {
      await host.invoke(request.action, request.payload);
    } catch (caught) {
      error = { name: caught instanceof Error ? caught.name : 'Error', message: caught instanceof Error ? caught.message : String(caught) };
    }
    await this.post('invoked', { id: request.id, ...(error ? { error } : {}) }).catch(() => undefined);
  }

  private until(seq: number): Promise<void> {
    if (seq <= this.delivered) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  async post(path: string, body: unknown): Promise<Response> {
    const connection = await this.connection;
    const response = await fetch(`${this.base}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hang-up-by-connection': connection },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  async ask(request: NodeRequest): Promise<unknown> {
    const response = await this.post('ask', request);
    const { seq, answer } = (await response.json()) as AskAnswer;
    await this.until(seq);
    return answer;
  }
}

let http: HttpTransport | null | undefined;

/** The playground's transport when this page was opened by the playground, else null. */
export function playground(): HttpTransport | null {
  if (http !== undefined) return http;
  const meta = document.querySelector('meta[name="hang-up-by-transport"]');
  const agent = new URLSearchParams(location.search).get('agent');
  http = !window.hangUpByNode && meta?.getAttribute('content') === 'http' && agent ? new HttpTransport(agent) : null;
  return http;
}

export async function askNode<T>(request: NodeRequest): Promise<T> {
  const binding = window.hangUpByNode;
  const transport = binding ? null : playground();
  if (!binding && !transport) throw new Error('this page was not opened by the local contact center');
  counters.started += 1;
  try {
    return (await (binding ? binding(request) : transport!.ask(request))) as T;
  } finally {
    counters.answered += 1;
  }
}

/** A few turns of the page's task queue (MessageChannel: Playwright's clock does not hold it). */
export async function settlePage(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
}

/** Runs a Flex action that Node asked for, counted until it ends. */
export async function invoking<T>(run: () => Promise<T>): Promise<T> {
  counters.invoking += 1;
  try {
    return await run();
  } finally {
    counters.invoking -= 1;
  }
}

export function report(next: number | null): PageReport {
  return { now: Date.now(), next, started: counters.started, answered: counters.answered, invoking: counters.invoking };
}
