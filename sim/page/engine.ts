import { readFileSync } from 'fs';
import { join } from 'path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createActionHandler } from '../actions';
import type { Engine, EngineSession } from '../engine';
import { World, type WorldOptions } from '../world';
import { ensureBundles, HOST_BUNDLE, PLUGIN_BUNDLE, ROOT } from './bundles';
import { launchChromium } from './chromium';
import { Lockstep } from './lockstep';
import { PageTab, type PageScenario } from './pageTab';
import { RemoteObjects } from './remote';
import { startPageServer, type PageServer } from './server';

export interface BrowserEngineOptions {
  /** Progress lines (building, launching); nothing by default. */
  progress?: (line: string) => void;
  /** Called with each agent's new browser context before its first page loads (tests seed storage here). */
  prepareContext?: (agent: string, context: BrowserContext) => Promise<void>;
}

/** A scenario's run in the browser engine, with its tabs for tests to look at. */
export interface BrowserSession extends EngineSession {
  tabs(): PageTab[];
}

export interface BrowserEngine extends Engine {
  /** The session of the scenario being played (for tests: pages, consoles). */
  readonly current: BrowserSession | null;
}

const PLUGIN_PATH = '/plugins/plugin-hang-up-by.js';

/**
 * The browser engine: each agent's Flex tab is a Chromium page (its own context) running Flex's
 * npm package and the built plugin bundle; TaskRouter, conferences, Voice legs, faults and the
 * Insights snapshots stay in this process, in the same World the Node engine uses. One browser
 * and one page server serve every scenario of a run.
 */
export function createBrowserEngine(options: BrowserEngineOptions = {}): BrowserEngine {
  const progress = options.progress ?? (() => undefined);
  let started: Promise<{ browser: Browser; server: PageServer }> | null = null;
  let current: BrowserSession | null = null;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

  const start = () => {
    started ??= (async () => {
      await ensureBundles(progress);
      const server = await startPageServer({ hostBundle: HOST_BUNDLE, pluginBundle: PLUGIN_BUNDLE, pluginPath: PLUGIN_PATH });
      try {
        progress('launching Chromium…');
        return { browser: await launchChromium(), server };
      } catch (error) {
        await server.close();
        throw error;
      }
    })();
    return started;
  };

  return {
    name: 'browser',
    get current() {
      return current;
    },
    async start(worldOptions: WorldOptions): Promise<BrowserSession> {
      const { browser, server } = await start();
      const tabs: PageTab[] = [];
      const remote = new RemoteObjects();
      let scenario!: PageScenario;
      const world = new World({
        ...worldOptions,
        tabs: () => (agent, workerSid) => {
          const tab = new PageTab(agent, workerSid, scenario);
          tabs.push(tab);
          return tab;
        },
      });
      const act = createActionHandler(world);
      scenario = {
        browser,
        origin: server.origin,
        world,
        remote,
        act: (name, payload) => act(name, payload),
        log: worldOptions.log,
        async flushAll() {
          for (const tab of tabs) await tab.flush();
        },
        config: worldOptions.config,
        prepareContext: options.prepareContext,
        plugin: { url: `${server.origin}${PLUGIN_PATH}`, name: pkg.name, version: pkg.version },
      };
      const lockstep = new Lockstep(world, () => tabs);
      const session: BrowserSession = {
        world,
        tabs: () => [...tabs],
        drive: (promise) => lockstep.drive(promise),
        runUntil: (until) => lockstep.runUntil(until),
        async end() {
          current = null;
          await Promise.all(tabs.map((tab) => tab.dispose()));
        },
      };
      current = session;
      return session;
    },
    async close() {
      const running = started;
      started = null;
      if (!running) return;
      const { browser, server } = await running;
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}
