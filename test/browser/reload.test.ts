/**
 * @jest-environment node
 */
import type { Page } from 'playwright-core';
import type { BrowserSession } from '../../sim/page/engine';
import { runScenario } from '../../sim/run';
import { BROWSER_TEST_TIMEOUT, hangUpByState, inboundCall, pageOf, scenario, useBrowserEngine } from './support';

const engine = useBrowserEngine();

/** A mark on the page's window: a new document (a real reload) does not have it. */
const mark = (page: Page) => page.evaluate(() => Object.assign(window, { beforeReload: true }));
const marked = (page: Page) => page.evaluate(() => 'beforeReload' in window);

describe('a real page reload (browser engine)', () => {
  it(
    'mid-call: the page unloads with the call live, the reloaded page writes Agent-System-Issue',
    async () => {
      const seen: Array<{ samePage: boolean; marked: boolean; record?: string; console: string[] }> = [];
      let before: Page | null = null;
      const result = await runScenario(
        scenario(
          'reload mid-call',
          [...inboundCall(), { do: 'wait', ms: 30000 }, { do: 'reload', agent: 'alice' }, { do: 'wait', ms: 5000 }, { do: 'complete', agent: 'alice' }],
          { segments: [{ agent: 'alice', hang_up_by: 'Agent-System-Issue' }], writes: 1 },
        ),
        undefined,
        {
          engine: engine(),
          afterStep: async (index, step, session) => {
            if (index === 3) {
              before = pageOf(session as BrowserSession, 'alice');
              await mark(before);
            }
            if (step.do !== 'reload') return;
            const page = pageOf(session as BrowserSession, 'alice');
            const state = await hangUpByState(page);
            const tab = (session as BrowserSession).tabs().find((t) => t.agent === 'alice')!;
            seen.push({
              samePage: page === before,
              marked: await marked(page),
              record: Object.values(state.records)[0]?.decision?.value,
              console: tab.console.filter((line) => line.includes('[hang-up-by] started')),
            });
          },
        },
      );
      expect(result.failures).toEqual([]);
      expect(result.got).toEqual([{ agent: 'alice', hang_up_by: 'Agent-System-Issue' }]);
      // The same page, reloaded by Chromium: a new document (the mark is gone) whose plugin
      // instance (the second start) rehydrated the decision from local storage.
      expect(seen).toEqual([{ samePage: true, marked: false, record: 'Agent-System-Issue', console: [expect.any(String), expect.any(String)] }]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'in wrap-up with the write still retrying: the reloaded page resumes it from local storage, one write',
    async () => {
      const resumed: string[] = [];
      const result = await runScenario(
        scenario(
          'reload while the write retries',
          [
            ...inboundCall(),
            { do: 'wait', ms: 30000 },
            { do: 'fault', kind: '503', times: 4 },
            { do: 'hangup', agent: 'alice' },
            { do: 'wait', ms: 300 },
            { do: 'reload', agent: 'alice' },
            { do: 'wait', ms: 200 },
            { do: 'complete', agent: 'alice' },
          ],
          { segments: [{ agent: 'alice', hang_up_by: 'Agent' }], writes: 1 },
        ),
        undefined,
        {
          engine: engine(),
          afterStep: async (_index, step, session) => {
            if (step.do !== 'reload') return;
            const tab = (session as BrowserSession).tabs().find((t) => t.agent === 'alice')!;
            const state = await hangUpByState(pageOf(session as BrowserSession, 'alice'));
            resumed.push(...tab.console.filter((line) => line.includes('resuming a write interrupted by a reload')));
            resumed.push(...Object.values(state.records).map((r) => `${r.write.trigger}:${r.write.status}`));
          },
        },
      );
      expect(result.failures).toEqual([]);
      expect(result.writes.got).toBe(1);
      expect(resumed).toEqual([expect.stringContaining('resuming a write interrupted by a reload'), expect.stringMatching(/^resumedAfterReload:/)]);
    },
    BROWSER_TEST_TIMEOUT,
  );
});
