import { nodeEngine } from '../../sim/engine';
import { loadFlex } from '../../sim/flexHost';
import { runScenario } from '../../sim/run';
import { validateScenario, type Step } from '../../sim/scenario';
import { runStep } from '../../sim/steps';

beforeAll(() => loadFlex(), 60000);

const call: Step[] = [
  { do: 'incomingCall', call: 'c1' },
  { do: 'offer', call: 'c1', agent: 'alice' },
  { do: 'accept', agent: 'alice' },
];

const scenario = (steps: Step[]) => ({ name: 'tabs', steps, expect: { segments: [] } });

describe('closeTab / openTab validation', () => {
  it.each([
    [
      'closing a closed tab',
      [...call, { do: 'closeTab', agent: 'alice' }, { do: 'closeTab', agent: 'alice' }],
      "step 5 (closeTab): alice's tab is closed already (step 4)",
    ],
    ['opening a tab that is not closed', [...call, { do: 'openTab', agent: 'alice' }], "step 4 (openTab): alice's tab is not closed"],
    [
      'hanging up in a closed tab',
      [...call, { do: 'closeTab', agent: 'alice' }, { do: 'hangup', agent: 'alice' }],
      "step 5 (hangup): alice's tab is closed (step 4); openTab first",
    ],
    [
      'reloading a closed tab',
      [...call, { do: 'closeTab', agent: 'alice' }, { do: 'reload', agent: 'alice' }],
      "step 5 (reload): alice's tab is closed (step 4); openTab first",
    ],
    ['a closeTab without an agent', [...call, { do: 'closeTab' }], 'step 4 (closeTab): "agent" missing'],
  ])('%s is an invalid scenario', (_label, steps, problem) => {
    expect(validateScenario(scenario(steps as Step[]))).toEqual([problem]);
  });

  it('TaskRouter still offers to a worker whose tab is closed, and the reopened tab accepts', () => {
    const steps: Step[] = [
      ...call,
      { do: 'closeTab', agent: 'alice' },
      { do: 'autoComplete', agent: 'alice' },
      { do: 'incomingCall', call: 'c2' },
      { do: 'offer', call: 'c2', agent: 'alice' },
      { do: 'openTab', agent: 'alice' },
      { do: 'accept', agent: 'alice' },
    ];
    expect(validateScenario(scenario(steps))).toEqual([]);
  });
});

describe('closeTab / openTab in the Node engine', () => {
  it('an action in a closed tab fails, naming the agent (for steps built in code, past validation)', async () => {
    const session = await nodeEngine.start({ log: { debug() {}, info() {}, warn() {}, error() {} } });
    try {
      for (const step of [...call, { do: 'closeTab', agent: 'alice' }]) await session.drive(runStep(session.world, step));
      await expect(session.drive(runStep(session.world, { do: 'complete', agent: 'alice' }))).rejects.toThrow("alice's Flex tab is closed");
      await expect(session.drive(runStep(session.world, { do: 'closeTab', agent: 'alice' }))).rejects.toThrow("alice's Flex tab is closed already");
    } finally {
      await session.end();
    }
  });

  it('the page closed mid-call keeps its decision in storage; Flex opened later writes it', async () => {
    const result = await runScenario({
      name: 'close, reopen',
      steps: [
        ...call,
        { do: 'closeTab', agent: 'alice' },
        { do: 'wait', ms: 600000 },
        { do: 'openTab', agent: 'alice' },
        { do: 'complete', agent: 'alice' },
      ],
      expect: { segments: [{ agent: 'alice', hang_up_by: 'Agent-System-Issue' }], writes: 1 },
    });
    expect(result.failures).toEqual([]);
    expect(result.got).toEqual([{ agent: 'alice', hang_up_by: 'Agent-System-Issue' }]);
  });
});
