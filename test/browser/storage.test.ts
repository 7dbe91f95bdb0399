/**
 * @jest-environment node
 */
import type { BrowserSession } from '../../sim/page/engine';
import { runScenario } from '../../sim/run';
import { BROWSER_TEST_TIMEOUT, inboundCall, scenario, useBrowserEngine } from './support';

// Before alice's first page loads, her browser's local storage holds something that is not JSON
// under the plugin's persistence key (a half-written value, a tool that wrote over it).
const engine = useBrowserEngine({
  prepareContext: async (agent, context) => {
    await context.addInitScript((key) => {
      if (!localStorage.getItem('seeded')) {
        localStorage.setItem(key, '{"records":{"WR1": {not json');
        localStorage.setItem('seeded', 'yes');
      }
    }, `persist:hangUpBy:ACsimulated:WK${agent}`);
  },
});

describe('corrupt persisted state in the page (browser engine)', () => {
  it(
    'the plugin warns in the page console, starts clean and still records the call',
    async () => {
      let console: string[] = [];
      const result = await runScenario(
        scenario('corrupt storage', [...inboundCall(), { do: 'hangup', agent: 'alice' }, { do: 'complete', agent: 'alice' }], {
          segments: [{ agent: 'alice', hang_up_by: 'Agent' }],
          writes: 1,
        }),
        undefined,
        {
          engine: engine(),
          afterStep: async (_index, step, session) => {
            if (step.do === 'complete') console = [...((session as BrowserSession).tabs().find((t) => t.agent === 'alice')?.console ?? [])];
          },
        },
      );
      expect(result.failures).toEqual([]);
      expect(console).toContainEqual(expect.stringMatching(/^warning: \[hang-up-by\] persisted state unreadable: starting empty/));
      expect(console.filter((line) => line.startsWith('pageerror'))).toEqual([]);
      expect(result.log).toContainEqual(expect.stringContaining('persisted state unreadable'));
    },
    BROWSER_TEST_TIMEOUT,
  );
});
