import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SimReservation } from '../taskrouter';
import { PAGE_EPOCH, type NodeRequest, type PageReport } from './protocol';
import { RemoteTab, type TabHost } from './remoteTab';

/** What every tab of one scenario shares: the browser, the page server, the contact center. */
export interface PageScenario extends TabHost {
  browser: Browser;
  /** The page server, `http://127.0.0.1:<port>`. */
  origin: string;
  prepareContext?: (agent: string, context: BrowserContext) => Promise<void>;
  /** Real time a page took from navigation to its plugin started (figures for the benchmark). */
  loaded?(kind: 'open' | 'reload', ms: number): void;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * An agent's Flex tab as a real Chromium page, in a browser context of its own (its own local
 * storage, its own clock). The page runs Flex's npm package and the built plugin bundle; this
 * object is its contact-center side (RemoteTab): here, the page's lifecycle in Playwright, its
 * clock, the binding it asks through and the `page.evaluate` that delivers to it.
 */
export class PageTab extends RemoteTab {
  private context: BrowserContext | null = null;
  private page: Page | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private whileGone: (() => SimReservation[]) | null = null;
  private started: Deferred | null = null;
  /** Open, close, reload under way: no simulated time passes until they are done. */
  private readonly lifecycle = new Set<Promise<unknown>>();

  /** Calls from the page: started and finished by Node; actions the page was asked to invoke. */
  handlersStarted = 0;
  private generation = 0;
  handlersFinished = 0;
  invokesPending = 0;
  /** The contact center's time up to which this context's clock has run. */
  clockAt = 0;
  /** Everything the page printed on its console, `type: text`. */
  readonly console: string[] = [];

  constructor(
    agent: string,
    workerSid: string,
    private readonly scenario: PageScenario,
  ) {
    super(agent, workerSid, scenario);
  }

  get isLoaded(): boolean {
    return this.state === 'open' && this.page !== null;
  }

  get currentPage(): Page | null {
    return this.page;
  }

  /** Lifecycle operations under way (the engine waits for them before moving time). */
  pendingLifecycle(): Promise<unknown>[] {
    return [...this.lifecycle];
  }

  private track<T>(operation: Promise<T>): Promise<T> {
    this.lifecycle.add(operation);
    const done = () => this.lifecycle.delete(operation);
    operation.then(done, done);
    return operation;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  open(held: SimReservation[]): Promise<void> {
    this.held = held;
    this.state = 'loading';
    this.queue = [];
    this.started = deferred();
    return this.track(this.load());
  }

  private async load(): Promise<void> {
    const context = this.context ?? (await this.createContext());
    await this.syncClock();
    const started = Date.now();
    this.page = await context.newPage();
    this.watch(this.page);
    await this.page.goto(`${this.scenario.origin}/agent.html?agent=${encodeURIComponent(this.agent)}`);
    await this.started!.promise;
    this.scenario.loaded?.('open', Date.now() - started);
  }

  close(): Promise<void> {
    return this.track(this.unload());
  }

  private async unload(): Promise<void> {
    const page = this.page;
    this.state = 'closed';
    this.queue = [];
    this.page = null;
    if (!page) return;
    // runBeforeUnload: a real `beforeunload`, as when the agent closes the tab.
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closed;
  }

  reload(whileGone: () => SimReservation[]): Promise<void> {
    return this.track(this.reloadPage(whileGone));
  }

  private async reloadPage(whileGone: () => SimReservation[]): Promise<void> {
    const page = this.page;
    if (!page) throw new Error(`${this.agent} has no page to reload`);
    // Until the new page boots, what happens is lost for it (the old one is going away).
    this.state = 'closed';
    this.queue = [];
    this.whileGone = whileGone;
    this.started = deferred();
    const started = Date.now();
    await page.reload();
    await this.started.promise;
    this.scenario.loaded?.('reload', Date.now() - started);
  }

  async dispose(): Promise<void> {
    this.state = 'closed';
    const context = this.context;
    this.context = null;
    this.page = null;
    await context?.close().catch(() => undefined);
  }

  private async createContext(): Promise<BrowserContext> {
    const { browser, origin } = this.scenario;
    const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
    // The page talks to nothing but the page server (Flex would otherwise try Twilio's hosts).
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    // The page's clock: paused at the contact center's "now", moved only by the engine.
    const now = this.scenario.world.clock.now();
    await context.clock.install({ time: PAGE_EPOCH + now - 60_000 });
    await context.clock.pauseAt(PAGE_EPOCH + now);
    this.clockAt = now;
    await context.exposeBinding('hangUpByNode', (_source, request: NodeRequest) => this.answer(request));
    await this.scenario.prepareContext?.(this.agent, context);
    this.context = context;
    return context;
  }

  /** A page that opens now starts at the contact center's "now" (the clock's log replays on load). */
  private async syncClock(): Promise<void> {
    const now = this.scenario.world.clock.now();
    if (this.context && now > this.clockAt) await this.context.clock.runFor(now - this.clockAt);
    this.clockAt = Math.max(this.clockAt, now);
  }

  /** Runs this context's page timers up to the contact center's `now` (see lockstep.ts). */
  async runClockTo(now: number): Promise<PageReport | null> {
    if (!this.context || now < this.clockAt) return null;
    const page = this.page;
    if (now > this.clockAt || (page && this.state === 'open')) await this.context.clock.runFor(now - this.clockAt);
    this.clockAt = now;
    if (!page || this.state !== 'open') return null;
    return this.evaluate(page, () => window.__hangUpByHost!.afterRun());
  }

  private watch(page: Page): void {
    page.on('console', (message) => {
      const text = message.text();
      this.console.push(`${message.type()}: ${text}`);
      // The scenario's log is the plugin's, as in the Node engine (Flex's own complaints about
      // the assets it cannot fetch here stay in the page's console).
      if (!text.startsWith('[hang-up-by]')) return;
      if (message.type() === 'warning') this.scenario.log.warn(`${text} (${this.agent}'s page)`);
      if (message.type() === 'error') this.scenario.log.error(`${text} (${this.agent}'s page)`);
    });
    page.on('pageerror', (error) => {
      this.console.push(`pageerror: ${error.message}`);
      this.scenario.log.error(`[${this.agent}'s page] uncaught: ${error.message}`);
    });
  }

  // ── what the contact center tells the page ─────────────────────────────────────────────────

  async invoke(action: string, payload: object): Promise<unknown> {
    if (this.state === 'closed') throw new Error(`${this.agent}'s Flex tab is closed`);
    await Promise.all(this.pendingLifecycle());
    await this.scenario.flushAll();
    const page = this.page;
    if (!page || this.state !== 'open') throw new Error(`${this.agent}'s Flex tab is closed`);
    const encoded = this.scenario.remote.encode(payload, this.sink);
    this.invokesPending += 1;
    try {
      return await page.evaluate(([name, body]) => window.__hangUpByHost!.invoke(name as string, body), [action, encoded] as const);
    } finally {
      this.invokesPending -= 1;
    }
  }

  /** Delivers what is queued, in order, then lets the page come to rest; null when no page is up. */
  flush(): Promise<PageReport | null> {
    const run = async (): Promise<PageReport | null> => {
      const page = this.page;
      if (this.state !== 'open' || !page) return null;
      const batch = this.queue.splice(0);
      return this.evaluate(page, (messages) => window.__hangUpByHost!.deliver(messages), batch);
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** An evaluate on a page that is going away answers nothing; on a live page its error counts. */
  private async evaluate<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R | null> {
    try {
      return (await page.evaluate(fn as never, arg as never)) as R; // never: Playwright's evaluate types cannot follow a generic caller
    } catch (error) {
      if (this.page !== page || this.state !== 'open') return null;
      throw error;
    }
  }

  // ── what the page asks ─────────────────────────────────────────────────────────────────────

  private async answer(request: NodeRequest): Promise<unknown> {
    // The page counts the calls of its own document: a new document starts from zero, and the
    // answers still owed to the old one are not counted for the new one.
    if (request.kind === 'boot') {
      this.generation += 1;
      this.handlersStarted = 0;
      this.handlersFinished = 0;
    }
    const generation = this.generation;
    this.handlersStarted += 1;
    try {
      return await this.handle(request);
    } finally {
      if (generation === this.generation) this.handlersFinished += 1;
    }
  }

  protected ready(failed?: string): void {
    if (failed) {
      this.started?.reject(new Error(`${this.agent}'s page: ${failed}`));
      return;
    }
    this.state = 'open';
    this.started?.resolve();
  }

  protected beforeBoot(): void {
    if (!this.whileGone) return;
    // The old page is gone (this is the new one asking): its legs drop now, and the new page
    // gets what TaskRouter holds for the worker after that. (The page's clock already reads
    // PAGE_EPOCH + the contact center's now.)
    const whileGone = this.whileGone;
    this.whileGone = null;
    this.held = whileGone();
    this.state = 'loading';
  }
}
