import { loadFlex } from '../../sim/flexHost';
import { checkInvariants } from '../../sim/stories/check';
import { expectNoFailure } from './support';

// Flex loads once per test file (seconds): not inside the first story's own time.
beforeAll(() => loadFlex(), 60000);

describe('random call stories', () => {
  it('hold every invariant: no exception into Flex, only our keys written, foreign writes kept, one write per reservation (a second only after another changed the value), values from outcomes.md, writes land when faults end in time, nothing left once settled', async () => {
    await expectNoFailure('invariants', ([built]) => checkInvariants(built.scenario), 250);
  }, 180000);
});
