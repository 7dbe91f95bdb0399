import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { runInNewContext } from 'vm';
import type { Logger } from '../../sagas/services';
import { createActionHandler } from '../actions';
import { runClockUntil, settle } from '../clock';
import { ROOT } from '../page/bundles';
import { RemoteObjects } from '../page/remote';
import type { Step } from '../scenario';
import { runStep } from '../steps';
import { World } from '../world';
import { LiveTab, type LiveHost } from './liveTab';

/** How often the contact center's clock catches up with real time. */
export const TICK_MS = 25;

/** The `hangUpBy` object of public/appConfig.example.js, the Flex UI configuration a developer starts from. */
export function exampleConfig(root = ROOT): unknown {
  const file = join(root, 'public', 'appConfig.example.js');
  if (!existsSync(file)) return undefined;
  try {
    const sandbox: { appConfig?: { hangUpBy?: unknown } } = {};
    runInNewContext(`${readFileSync(file, 'utf8')}\nthis.appConfig = appConfig;`, sandbox);
    return sandbox.appConfig?.hangUpBy;
  } catch {
    return undefined; // the plugin's own defaults
  }
}

export interface CenterOptions {
  config: unknown;
  initialAttributes?: Record<string, unknown>;
  versionCheck?: boolean;
  plugin: { url: string; name: string; version: string };
  agentUrl(agent: string): string;
  agents: string[];
}

export interface LogLine {
  at: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/**
 * One live contact center: a World whose agents' tabs are pages in people's browsers, and whose
 * clock follows real time. The clock's 0 is `origin` (real milliseconds since the epoch), which
 * is the one origin of every time the console shows: a page's `Date.now()` is `origin + t`.
 */
export class LiveCenter {
  readonly world: World;
  readonly tabs = new Map<string, LiveTab>();
  readonly origin = Date.now();
  readonly log: LogLine[] = [];
  private readonly ticker: NodeJS.Timeout;
  private ticking = false;
  private stopped = false;

  constructor(private readonly options: CenterOptions) {
    const remote = new RemoteObjects();
    const logger: Logger = {
      debug: () => undefined,
      info: (m) => this.note('info', m),
      warn: (m, ...d) => this.note('warn', `${m}${d.length ? ` ${JSON.stringify(d)}` : ''}`),
      error: (m, ...d) => this.note('error', `${m}${d.length ? ` ${JSON.stringify(d)}` : ''}`),
    };
    let host!: LiveHost;
    this.world = new World({
      config: options.config,
      initialAttributes: options.initialAttributes,
      versionCheck: options.versionCheck,
      log: logger,
      tabs: () => (agent, workerSid) => {
        const tab = new LiveTab(agent, workerSid, host);
        this.tabs.set(agent, tab);
        return tab;
      },
    });
    const act = createActionHandler(this.world);
    host = {
      world: this.world,
      remote,
      act: (name, payload) => act(name, payload),
      log: logger,
      flushAll: async () => this.flushTabs(),
      config: options.config,
      plugin: options.plugin,
      agentUrl: options.agentUrl,
    };
    for (const agent of options.agents) this.world.browser(agent);
    this.ticker = setInterval(() => void this.tick(), TICK_MS);
  }

  /** Simulated time: milliseconds since `origin`. */
  now(): number {
    return this.world.clock.now();
  }

  note(level: LogLine['level'], text: string): void {
    this.log.push({ at: this.now(), level, text });
    if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
  }

  /** The tab of a known agent, or of a new one (a page opened for a name not seen yet). */
  tab(agent: string): LiveTab {
    return this.world.browser(agent) as LiveTab;
  }

  /** Fires what is due up to the real elapsed time, lets it settle, sends every tab its batch. */
  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      await runClockUntil(this.world.clock, Date.now() - this.origin);
      this.flushTabs();
    } catch (error) {
      this.note('error', `the clock's tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Runs one scenario step on this contact center (every console control comes here). A step in
   * an agent's tab while it has none fails with the tab's link (LiveTab.invoke, LiveTab.reload).
   */
  async run(step: Step): Promise<void> {
    this.note('info', `step: ${JSON.stringify(step)}`);
    await runStep(this.world, step);
    await settle();
    this.flushTabs();
  }

  /** Sends every tab what is queued for it. */
  private flushTabs(): void {
    for (const tab of this.tabs.values()) tab.flush();
  }

  /** Stops the clock and ends every page's stream; `reload` tells the pages to reload first (Reset). */
  async stop(reload = false): Promise<void> {
    this.stopped = true;
    clearInterval(this.ticker);
    for (const tab of this.tabs.values()) {
      if (reload) tab.handOver();
      else await tab.dispose();
    }
  }
}
