import { loadFlex } from '../../sim/flexHost';
import { checkMetamorphic } from '../../sim/stories/check';
import { expectNoFailure, picker } from './support';

beforeAll(() => loadFlex(), 60000);

describe('random call stories, told differently', () => {
  it('a reload after the call ended, faults within the budget, an unrelated foreign write, other agent names change no segment; label and clear differ only on transfer segments', async () => {
    await expectNoFailure('metamorphic', ([built, seed]) => checkMetamorphic(built.scenario, picker(seed)), 60);
  }, 180000);
});
