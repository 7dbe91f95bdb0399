/**
 * @jest-environment node
 */
import type { Page } from 'playwright-core';
import type { BrowserSession } from '../../sim/page/engine';
import { PAGE_EPOCH } from '../../sim/page/protocol';
import { runScenario } from '../../sim/run';
import { BROWSER_TEST_TIMEOUT, hangUpByState, inboundCall, scenario, useBrowserEngine } from './support';

const engine = useBrowserEngine();

describe('closeTab and openTab (browser engine)', () => {
  it(
    'the tab closes mid-call and Flex opens again ten minutes later: a new page over the same storage writes Agent-System-Issue',
    async () => {
      const pages: Array<{ step: string; page: Page | null; clock?: number; world: number; records?: string[] }> = [];
      const result = await runScenario(
        scenario(
          'close mid-call, open ten minutes later',
          [
            ...inboundCall(),
            { do: 'wait', ms: 30000 },
            { do: 'closeTab', agent: 'alice' },
            { do: 'wait', ms: 600000 },
            { do: 'openTab', agent: 'alice' },
            { do: 'wait', ms: 5000 },
            { do: 'complete', agent: 'alice' },
          ],
          { segments: [{ agent: 'alice', hang_up_by: 'Agent-System-Issue' }], writes: 1 },
        ),
        undefined,
        {
          engine: engine(),
          afterStep: async (_index, step, session) => {
            if (!['accept', 'closeTab', 'openTab'].includes(step.do)) return;
            const tab = (session as BrowserSession).tabs().find((t) => t.agent === 'alice')!;
            const page = tab.currentPage;
            pages.push({
              step: step.do,
              page,
              world: session.world.clock.now(),
              clock: page ? await page.evaluate(() => Date.now()) : undefined,
              records: page ? Object.values((await hangUpByState(page)).records).map((r) => `${r.status}:${r.decision?.value}`) : undefined,
            });
          },
        },
      );
      expect(result.failures).toEqual([]);
      expect(result.got).toEqual([{ agent: 'alice', hang_up_by: 'Agent-System-Issue' }]);
      const [accepted, closed, opened] = pages;
      expect(closed.page).toBeNull();
      expect(opened.page).not.toBeNull();
      expect(opened.page).not.toBe(accepted.page);
      // The new page's clock reads the contact center's time, ten and a half minutes on.
      expect(opened.world - accepted.world).toBe(630000);
      expect(opened.clock).toBe(PAGE_EPOCH + opened.world);
      // Its plugin found the decision the closed page left in local storage.
      expect(accepted.records).toEqual(['live:undefined']);
      expect(opened.records).toEqual(['wrapping:Agent-System-Issue']);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'closed before the wrap-up write landed: the segment lacks the value; the offer made meanwhile waits in TaskRouter for the reopened tab, which also writes the late value',
    async () => {
      const result = await runScenario(
        scenario(
          'offer while closed',
          [
            ...inboundCall(),
            { do: 'customerHangup', call: 'c1' },
            { do: 'closeTab', agent: 'alice' },
            { do: 'autoComplete', agent: 'alice' },
            { do: 'incomingCall', call: 'c2', from: '+15550100002' },
            { do: 'offer', call: 'c2', agent: 'alice' },
            { do: 'wait', ms: 60000 },
            { do: 'openTab', agent: 'alice' },
            { do: 'accept', agent: 'alice', call: 'c2' },
            { do: 'hangup', agent: 'alice' },
            { do: 'complete', agent: 'alice' },
          ],
          // The write was in flight (a read, then the write) when the page closed: TaskRouter
          // ends the wrap-up without it; the reopened page finds the record and writes it late.
          { segments: [{ agent: 'alice', hang_up_by: null }, { agent: 'alice', hang_up_by: 'Agent' }], writes: 2 },
        ),
        undefined,
        { engine: engine() },
      );
      expect(result.failures).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );
});
