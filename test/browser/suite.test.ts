/**
 * @jest-environment node
 */
import { join } from 'path';
import { loadFlex } from '../../sim/flexHost';
import { loadScenarios } from '../../sim/load';
import { runScenario } from '../../sim/run';
import { BROWSER_TEST_TIMEOUT, useBrowserEngine } from './support';

// Every bundled scenario, played twice: by the Node engine (the plugin from source, in this
// process) and by the browser engine (the built bundle in Chromium pages). Both must pass, and
// agree on what Flex Insights recorded and on how many writes the task accepted.
const scenarios = loadScenarios([join(__dirname, '../../scenarios')]);
const browser = useBrowserEngine();

beforeAll(() => loadFlex(), 60_000);

describe('the scenario suite in both engines', () => {
  it('has scenarios to play', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(scenarios.map((s) => [s.scenario?.name ?? s.file, s] as const))(
    '%s',
    async (_name, loaded) => {
      expect(loaded.error).toBeUndefined();
      const inNode = await runScenario(loaded.scenario, loaded.file);
      const inBrowser = await runScenario(loaded.scenario, loaded.file, { engine: browser() });
      expect(inBrowser.failures).toEqual([]);
      expect(inNode.failures).toEqual([]);
      expect({ segments: inBrowser.got, writes: inBrowser.writes.got }).toEqual({ segments: inNode.got, writes: inNode.writes.got });
    },
    BROWSER_TEST_TIMEOUT,
  );
});
