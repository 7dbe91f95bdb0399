import type { Page } from 'playwright-core';
import { createBrowserEngine, type BrowserEngine, type BrowserEngineOptions, type BrowserSession } from '../../sim/page/engine';
import type { Scenario, Step } from '../../sim/scenario';

/** Generous: a page load takes seconds on a busy 2-core machine, and a scenario loads several. */
export const BROWSER_TEST_TIMEOUT = 180_000;

/** One browser engine for a test file, closed after it (also when a test failed). */
export function useBrowserEngine(options: BrowserEngineOptions = {}): () => BrowserEngine {
  let engine: BrowserEngine | null = null;
  beforeAll(() => {
    engine = createBrowserEngine(options);
  });
  afterAll(async () => {
    await engine?.close();
  }, 60_000);
  return () => {
    if (!engine) throw new Error('the browser engine is not started');
    return engine;
  };
}

export function pageOf(session: BrowserSession, agent: string): Page {
  const page = session.tabs().find((t) => t.agent === agent)?.currentPage;
  if (!page) throw new Error(`${agent} has no page`);
  return page;
}

/** The plugin's slice in the page's Flex store (read through Flex's own Manager). */
export function hangUpByState(page: Page): Promise<{ records: Record<string, { status: string; decision?: { value: string }; write: { status: string; trigger?: string; attempts: number } }> }> {
  return page.evaluate(() => {
    const flex = (window as unknown as { Twilio: { Flex: { Manager: { getInstance(): { store: { getState(): { hangUpBy: never } } } } } } }).Twilio.Flex;
    return flex.Manager.getInstance().store.getState().hangUpBy;
  });
}

export const inboundCall = (agent = 'alice'): Step[] => [
  { do: 'incomingCall', call: 'c1', from: '+15550100001' },
  { do: 'offer', call: 'c1', agent },
  { do: 'accept', agent },
];

export function scenario(name: string, steps: Step[], expect: Scenario['expect'], extra: Partial<Scenario> = {}): Scenario {
  return { name, steps, expect, ...extra };
}
