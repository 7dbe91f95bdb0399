import fc from 'fast-check';
import { loadFlex } from '../../sim/flexHost';
import { STEP_FIELDS, validateScenario, type Scenario } from '../../sim/scenario';
import { story } from '../../sim/stories/arbitrary';
import { comparePolicies, compareSame, renamed } from '../../sim/stories/metamorphic';
import { observe, type Observation } from '../../sim/stories/observe';
import { invariantViolations } from '../../sim/stories/properties';

beforeAll(() => loadFlex(), 60000);

// A plain story: one agent, a transfer-free call, a foreign write. Its observation is doctored
// below, one fault at a time, to show that each property notices what it is about.
const plain: Scenario = {
  name: 'plain',
  config: {},
  initialAttributes: { crm_id: 42 },
  steps: [
    { do: 'incomingCall', call: 'c1', from: '+15550100001' },
    { do: 'offer', call: 'c1', agent: 'alice' },
    { do: 'accept', agent: 'alice', call: 'c1' },
    { do: 'foreignWrite', call: 'c1', attributes: { crm_note: 'kept' } },
    { do: 'hangup', agent: 'alice', call: 'c1' },
    { do: 'complete', agent: 'alice', call: 'c1' },
  ],
  expect: { segments: [] },
};

let observed: Observation;
beforeAll(async () => {
  observed = await observe(plain);
}, 60000);

const doctored = (change: (o: Observation) => void): Observation => {
  const copy = JSON.parse(JSON.stringify({ ...observed, reservations: observed.reservations })) as Observation;
  change(copy);
  return copy;
};

describe('the properties notice what they are about', () => {
  it('a plain story holds them all', () => {
    expect(observed.writes).toHaveLength(1);
    expect(invariantViolations(observed)).toEqual([]);
  });

  it.each<[string, (o: Observation) => void, RegExp]>([
    ['an exception in Flex’s action pipeline', (o) => o.result.failures.push("exception reached Flex's action pipeline: boom"), /^run: exception/],
    ['a step that never finished', (o) => o.result.failures.push('step 5 (hangup): the step never finished'), /^run: step 5/],
    ['a foreign key lost', (o) => delete o.finalAttributes.c1.crm_note, /^foreign writes survive: foreign write of step 4/],
    ['an initial key lost', (o) => delete o.finalAttributes.c1.crm_id, /^foreign writes survive: initial attributes lost/],
    ['a second write with nobody else writing', (o) => o.writes.push(o.writes[0]), /^writes per reservation: alice on c1 .* wrote twice without sharing its task/],
    ['a write for a reservation never accepted', (o) => (o.reservations[0].accepted = false), /^writes per reservation: .* never accepted/],
    ['a write nobody owns', (o) => (o.writes[0].reservationSid = null), /^writes per reservation: write 1 by alice belongs to no reservation/],
    ['a value outside outcomes.md', (o) => ((o.writes[0].after.conversations as Record<string, unknown>).hang_up_by = 'Someone'), /^values: write 1 wrote "Someone"/],
    ['a key removed without a transfer', (o) => delete (o.writes[0].after.conversations as Record<string, unknown>).hang_up_by, /^values: write 1 removed hang_up_by/],
    ['a segment without a value after the write', (o) => (o.segments[0].hang_up_by = null), /^values: segment 1 \(alice\) has no value/],
    ['a write that failed without enough faults', (o) => o.actions.push({ agent: 'alice', type: 'hangUpBy/writeFailed', payload: { reservationSid: o.reservations[0].sid, reason: 'server (503)' }, writesBefore: 1 }), /^value lands: alice on c1: write failed/],
    ['a record left in the slice', (o) => (o.agents.alice.sliceRecords = 1), /^nothing left: alice: 1 record\(s\) left in the slice/],
    ['a record left in storage', (o) => (o.agents.alice.storedRecords = 2), /^nothing left: alice: 2 record\(s\) left in storage/],
  ])('%s', (_name, change, message) => {
    const violations = invariantViolations(doctored(change));
    expect(violations).toEqual([expect.stringMatching(message)]);
  });
});

describe('random stories', () => {
  const samples = fc.sample(story(), { seed: 7, numRuns: 400 });

  it('follow the scenario format', () => {
    for (const { scenario } of samples) expect(validateScenario(scenario)).toEqual([]);
  });

  it('use every step kind of the format', () => {
    const used = new Set(samples.flatMap((s) => s.scenario.steps.map((step) => step.do)));
    expect(Object.keys(STEP_FIELDS).filter((k) => !used.has(k))).toEqual([]);
  });

  it('have one to three agents, both policies, and transfers of every kind', () => {
    const agents = new Set(samples.map((s) => s.spec.agents));
    const transfers = new Set(samples.flatMap((s) => s.scenario.steps.filter((x) => /transfer/i.test(x.do)).map((x) => `${x.do}:${x.mode ?? ''}`)));
    expect([...agents].sort()).toEqual([1, 2, 3]);
    expect(new Set(samples.map((s) => s.spec.policy))).toEqual(new Set(['default', 'clear', 'label']));
    expect([...transfers].sort()).toEqual(['cancelTransfer:', 'externalTransfer:COLD', 'externalTransfer:WARM', 'transfer:COLD', 'transfer:WARM']);
  });
});

describe('metamorphic comparisons', () => {
  const seg = (agent: string, hang_up_by: string | null) => ({ agent, hang_up_by });

  it('label and clear may differ only where label shows a transfer and clear nothing', () => {
    expect(comparePolicies([seg('alice', 'Cold Transfer'), seg('bob', 'Customer')], [seg('alice', null), seg('bob', 'Customer')])).toEqual([]);
    expect(comparePolicies([seg('alice', 'Agent')], [seg('alice', null)])).toHaveLength(1);
    expect(comparePolicies([seg('alice', 'Warm Transfer')], [seg('alice', 'Customer')])).toHaveLength(1);
  });

  it('renamed agents compare through the renaming', () => {
    expect(compareSame([seg('alice', 'Agent')], [seg('dave', 'Agent')], { alice: 'dave' })).toEqual([]);
    expect(compareSame([seg('alice', 'Agent')], [seg('dave', 'Customer')], { alice: 'dave' })).toHaveLength(1);
    expect(renamed(plain).steps.filter((s) => s.agent === 'dave')).toHaveLength(4);
  });
});
