import type { SimReservation } from '../taskrouter';
import type { NodeRequest } from '../page/protocol';
import { encodeError } from '../page/remote';
import { RemoteTab, type TabHost } from '../page/remoteTab';
import type { AskAnswer, StreamBatch } from '../page/host/bridge';

/** One open Server-Sent Events response, as the tab needs it. */
export interface EventStream {
  send(event: string, data: unknown): void;
  end(): void;
}

export interface LiveHost extends TabHost {
  /** The agent page's address, for messages that tell a person to open it. */
  agentUrl(agent: string): string;
}

/** What the page reported of itself: its `hangUpBy` slice and the plugin's own actions. */
export interface PageReportBody {
  hangUpBy?: unknown;
  actions?: Array<{ type: string; at: number; payload?: unknown }>;
}

interface Pending {
  resolve(): void;
  reject(error: Error): void;
}

const ACTION_LOG = 300;

/**
 * An agent's Flex tab in a person's browser: the agent page with the playground's HTTP transport
 * (POSTed asks, a Server-Sent Events stream of numbered batches). Its lifecycle is the person's:
 * the tab waits for a page (`open()` waits for nobody); the page's stream closing is the page
 * going away (a reload, a closed tab); a new page boots with what TaskRouter holds for the worker.
 * A second page for the same agent takes over from the first, whose stream is closed.
 */
export class LiveTab extends RemoteTab {
  private stream: { id: string; events: EventStream } | null = null;
  private connections = 0;
  /** The number of the last batch sent on the current stream. */
  private seq = 0;
  private invokes = new Map<number, Pending>();
  private nextInvoke = 1;
  private readyWaiters: Array<() => void> = [];
  /** What the page last reported (its plugin state), and the plugin's actions with their times. */
  pageState: unknown = null;
  readonly actions: Array<{ type: string; at: number; payload?: unknown }> = [];

  constructor(
    agent: string,
    workerSid: string,
    private readonly live: LiveHost,
  ) {
    super(agent, workerSid, live);
  }

  get connected(): boolean {
    return this.stream !== null;
  }

  get status(): 'no tab' | 'loading' | 'open' {
    if (this.state === 'open') return 'open';
    return this.stream ? 'loading' : 'no tab';
  }

  // ── the person's page comes and goes ──────────────────────────────────────────────────────

  /** A page opened its stream: it replaces the page before it, if any. Returns the connection's id. */
  attach(events: EventStream): string {
    if (this.stream) {
      const old = this.stream;
      this.detach(old.id);
      old.events.send('ended', { reason: 'another tab opened for this agent took over: this one is disconnected' });
      old.events.end();
    }
    this.connections += 1;
    const id = `${this.agent}-${this.connections}`;
    this.stream = { id, events };
    this.seq = 0;
    events.send('hello', { connection: id });
    return id;
  }

  /** The stream `id` ended: if it is the current page's, the page went away (its legs drop). */
  detach(id: string): void {
    if (this.stream?.id !== id) return;
    const wasUp = this.state !== 'closed';
    this.letGo();
    this.pageState = null;
    // As a reload or a closed tab does (sim/steps.ts): the page's WebRTC legs die with it.
    if (wasUp) this.live.world.agentPageGone(this.agent);
  }

  /**
   * This tab has no page any more: nothing is queued for it, and the actions it was asked for
   * and will never report fail. Returns the stream it had, for the caller to end.
   */
  private letGo(): EventStream | null {
    const stream = this.stream;
    this.stream = null;
    this.state = 'closed';
    this.queue = [];
    for (const pending of this.invokes.values()) pending.reject(new Error(`${this.agent}'s tab went away`));
    this.invokes.clear();
    return stream?.events ?? null;
  }

  isCurrent(connection: string | undefined): boolean {
    return connection !== undefined && this.stream?.id === connection;
  }

  // ── AgentTab lifecycle, as scenario steps drive it ────────────────────────────────────────

  /** The agent is logged in: the tab waits for a person to open the page (nothing waits here). */
  open(held: SimReservation[]): Promise<void> {
    this.held = held;
    return Promise.resolve();
  }

  /** `closeTab`: the playground ends the page's stream (a page cannot close its own tab). */
  async close(): Promise<void> {
    this.end('the playground closed this tab (closeTab): reload to open it again');
  }

  private end(reason: string): void {
    const events = this.letGo();
    events?.send('ended', { reason });
    events?.end();
  }

  /** `reload`: the page is told to reload itself; done when the new page has started. */
  async reload(): Promise<void> {
    const stream = this.stream;
    if (!stream) throw new Error(`${this.agent} has no tab: open ${this.live.agentUrl(this.agent)}`);
    const ready = this.nextReady(60_000);
    stream.events.send('reload', {});
    await ready;
  }

  /** Reset: the page is told to reload (to a new contact center) and this tab lets it go, quietly. */
  handOver(): void {
    const events = this.letGo();
    events?.send('reload', {});
    events?.end();
  }

  private nextReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.agent}'s page did not come back within ${timeoutMs / 1000} s`)), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The playground stops: the page is told so, and let go. */
  async dispose(): Promise<void> {
    this.end('the playground stopped: reload this tab once it runs again');
  }

  // ── deliveries ────────────────────────────────────────────────────────────────────────────

  /** Sends what is queued as one numbered batch (only to a page that has started). */
  flush(): void {
    if (this.state !== 'open' || !this.stream || this.queue.length === 0) return;
    this.send({ messages: this.queue.splice(0) });
  }

  private send(batch: Omit<StreamBatch, 'seq'>): void {
    this.seq += 1;
    this.stream!.events.send('batch', { ...batch, seq: this.seq });
  }

  /** The agent acts in the page: the action travels after what is queued, in the same batch. */
  invoke(action: string, payload: object): Promise<unknown> {
    if (this.state !== 'open' || !this.stream) {
      return Promise.reject(new Error(`${this.agent} has no tab: open ${this.live.agentUrl(this.agent)}`));
    }
    const id = this.nextInvoke++;
    const done = new Promise<void>((resolve, reject) => this.invokes.set(id, { resolve, reject }));
    this.send({ messages: this.queue.splice(0), invoke: { id, action, payload: this.host.remote.encode(payload, this.sink) } });
    return done;
  }

  /** The page finished an action Node asked for. */
  invoked(id: number, error?: { name: string; message: string }): void {
    const pending = this.invokes.get(id);
    if (!pending) return;
    this.invokes.delete(id);
    if (error) pending.reject(Object.assign(new Error(error.message), { name: error.name }));
    else pending.resolve();
  }

  /** The page's own report: its plugin state and the plugin's actions since the last report. */
  reported(body: PageReportBody): void {
    if (body.hangUpBy !== undefined) this.pageState = body.hangUpBy;
    for (const action of body.actions ?? []) this.actions.push(action);
    if (this.actions.length > ACTION_LOG) this.actions.splice(0, this.actions.length - ACTION_LOG);
  }

  // ── what the page asks ────────────────────────────────────────────────────────────────────

  /** Answers a request of the current page, with the number of the last batch sent before it. */
  async ask(request: NodeRequest): Promise<AskAnswer> {
    let answer: unknown;
    try {
      answer = await this.handle(request);
    } catch (error) {
      answer = encodeError(error);
    }
    this.flush();
    return { seq: this.seq, answer };
  }

  protected beforeBoot(): void {
    // A new page: it is given what TaskRouter holds for the worker now; what was queued for an
    // earlier page is not its business.
    this.state = 'loading';
    this.queue = [];
    this.held = this.live.world.heldBy(this.agent);
    for (const reservation of this.held) this.worker.reservations.set(reservation.sid, reservation);
    for (const call of this.live.world.calls.values()) this.live.world.publish(call);
  }

  protected ready(failed?: string): void {
    if (failed) return;
    this.state = 'open';
    const waiters = this.readyWaiters.splice(0);
    for (const wake of waiters) wake();
  }
}
