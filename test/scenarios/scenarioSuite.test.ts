import { join } from 'path';
import { loadScenarios } from '../../sim/load';
import { loadFlex } from '../../sim/flexHost';
import { runScenario } from '../../sim/run';

// Flex loads once per test file (seconds): not inside the first scenario's own time.
beforeAll(() => loadFlex(), 60000);

// Every bundled scenario, played against the real plugin and the real Flex Actions framework:
// `npm test` fails when any story ends with a value Flex Insights should not record.
const scenarios = loadScenarios([join(__dirname, '../../scenarios')]);

describe('scenario suite', () => {
  it('has scenarios to play', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(scenarios.map((s) => [s.scenario?.name ?? s.file, s] as const))('%s', async (_name, loaded) => {
    expect(loaded.error).toBeUndefined();
    const result = await runScenario(loaded.scenario, loaded.file);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
