import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadScenarios } from '../../sim/load';
import { formatJson, formatTable } from '../../sim/report';
import { loadFlex } from '../../sim/flexHost';
import { runScenario } from '../../sim/run';

// Flex loads once per test file (seconds): not inside the first scenario's own time.
beforeAll(() => loadFlex(), 60000);
import type { Scenario } from '../../sim/scenario';

const agentHangsUp = (expectedValue: string | null, writes = 1): Scenario => ({
  name: 'agent hangs up mid-call',
  initialAttributes: { crm_id: 42 },
  steps: [
    { do: 'incomingCall', call: 'c1', from: '+15550100001' },
    { do: 'offer', call: 'c1', agent: 'alice' },
    { do: 'accept', agent: 'alice' },
    { do: 'hangup', agent: 'alice' },
    { do: 'complete', agent: 'alice' },
  ],
  expect: { segments: [{ agent: 'alice', hang_up_by: expectedValue }], writes, attributes: { crm_id: 42 } },
});

describe('scenario runner', () => {
  it('a scenario expecting the wrong value fails with a readable difference', async () => {
    const result = await runScenario(agentHangsUp('Customer'));
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual(['segment 1 (alice): expected hang_up_by "Customer", got "Agent"']);
    const table = formatTable([result]);
    expect(table).toMatch(/agent hangs up mid-call\s+alice\s+Customer\s+Agent\s+1\/1\s+FAIL\s+\d+(\.\d)? m?s\n/);
    expect(table.split('\n')[0]).toMatch(/verdict\s+time$/);
    expect(table).toContain('- segment 1 (alice): expected hang_up_by "Customer", got "Agent"');
    expect(table).toContain('0 passed, 1 failed');
  });

  it('a wrong write count and a missing attribute are reported', async () => {
    const scenario = agentHangsUp('Agent', 2);
    scenario.expect.attributes = { crm_id: 43 };
    const result = await runScenario(scenario);
    expect(result.failures).toEqual([
      'expected 2 write(s), got 1',
      expect.stringContaining('do not contain {"crm_id":43}'),
    ]);
  });

  it('the right expectation passes, and --json carries the same result', async () => {
    const result = await runScenario(agentHangsUp('Agent'));
    expect(result.passed).toBe(true);
    const json = JSON.parse(formatJson([result]));
    expect(json).toMatchObject({ passed: 1, failed: 0, scenarios: [{ name: 'agent hangs up mid-call', got: [{ agent: 'alice', hang_up_by: 'Agent' }] }] });
  });

  it('an invalid scenario is reported, not run', async () => {
    const result = await runScenario({ name: 'broken', steps: [{ do: 'teleport' }], expect: { segments: [] } });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual(['invalid scenario: step 1: unknown step "teleport"']);
  });
});

describe('loading scenario files', () => {
  it('a missing path, a folder without scenarios and a file that is not JSON each say why; good files still load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'bad.json'), '{not json');
    writeFileSync(join(dir, 'good.json'), JSON.stringify(agentHangsUp('Agent')));
    const loaded = loadScenarios([join(dir, 'missing'), join(dir, 'empty'), dir]);
    expect(loaded.map((l) => [l.file.slice(dir.length + 1), l.error?.replace(/:.*/, '')])).toEqual([
      ['missing', 'no such file or folder'],
      ['empty', 'no scenario files (*.json) here'],
      ['bad.json', 'not valid JSON'],
      ['good.json', undefined],
    ]);
    expect(loaded[3].scenario.name).toBe('agent hangs up mid-call');
  });
});
