import fc from 'fast-check';
import { join } from 'path';
import { loadFlex } from '../../sim/flexHost';
import { guarantees, metamorphic, storyShape, writeFailure } from '../../sim/stories/check';

// Random call stories (fast-check), built against the simulator so that every one is playable,
// checked against the guarantees that need no second copy of outcomes.md. A fixed seed keeps the
// run repeatable; `npm run soak` runs any number with any seed. A failing story is shrunk and
// written to soak-failures/, where `npm run simulate -- <file>` replays it.

const SEED = 20261125;
const FAILURES = join(__dirname, '../../soak-failures');

beforeAll(() => loadFlex(), 60000);

async function holds<T>(arbitrary: fc.Arbitrary<T>, runs: number, property: (value: T) => Promise<{ story: import('../../sim/scenario').Scenario; problems: string[] }>) {
  let failing: { story: import('../../sim/scenario').Scenario; problems: string[] } | undefined;
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const outcome = await property(value);
      if (outcome.problems.length > 0) failing = outcome;
      return outcome.problems.length === 0;
    }),
    { seed: SEED, numRuns: runs },
  );
  if (details.failed && failing) {
    const file = writeFailure(FAILURES, failing.story, failing.problems, SEED);
    throw new Error(`a story broke a guarantee (shrunk, written to ${file}):\n- ${failing.problems.join('\n- ')}`);
  }
  expect(details.failed).toBe(false);
  expect(details.numRuns).toBe(runs);
}

describe('random call stories', () => {
  it('keep every guarantee: no exception in Flex, only our keys, at most one write (two when overwritten), valid values, nothing left behind', async () => {
    await holds(storyShape, 250, guarantees);
  }, 240000);

  it('record the same segments after a reload once the calls ended, renamed agents, an unrelated foreign write, a fault that clears; label and clear differ only on transfers', async () => {
    await holds(fc.tuple(storyShape, fc.nat()), 50, ([shape, position]) => metamorphic(shape, position));
  }, 240000);
});
