import type { Scenario } from '../scenario';
import type { Picker } from './kinds';
import {
  comparePolicies,
  compareSame,
  otherPolicyWhenWritesAreTimely,
  RENAMED,
  renamed,
  spaced,
  withFaultsWithinBudget,
  withReloadAfterCallEnded,
  withUnrelatedForeignWrite,
} from './metamorphic';
import { observe, type Observation } from './observe';
import { invariantViolations } from './properties';

/** A story that broke a property: the story (or stories) to replay, and what went wrong. */
export interface StoryFailure {
  violations: string[];
  /** The story, and for a metamorphic relation the variant beside it. */
  stories: Array<{ role: string; scenario: Scenario; observation: Observation }>;
}

/** Plays a story and checks every invariant. Null when they all hold. */
export async function checkInvariants(scenario: Scenario): Promise<StoryFailure | null> {
  const observation = await observe(scenario);
  const violations = invariantViolations(observation);
  return violations.length === 0 ? null : { violations, stories: [{ role: 'story', scenario, observation }] };
}

interface Relation {
  name: string;
  /** Played spaced (see metamorphic.ts), or as told. */
  spaced: boolean;
  variant(scenario: Scenario, pick: Picker): Scenario | null;
  compare(base: Observation, variant: Observation): string[];
}

const RELATIONS: Relation[] = [
  { name: 'reload after the call ended', spaced: true, variant: withReloadAfterCallEnded, compare: (a, b) => compareSame(a.segments, b.segments) },
  { name: 'faults within the budget', spaced: true, variant: withFaultsWithinBudget, compare: (a, b) => compareSame(a.segments, b.segments) },
  { name: 'unrelated foreign write', spaced: true, variant: withUnrelatedForeignWrite, compare: (a, b) => compareSame(a.segments, b.segments) },
  { name: 'agents renamed', spaced: false, variant: renamed, compare: (a, b) => compareSame(a.segments, b.segments, RENAMED) },
  {
    name: 'label and clear',
    spaced: true,
    variant: otherPolicyWhenWritesAreTimely,
    compare: (a, b) => {
      const aIsLabel = (a.scenario.config as { transferPolicy?: string } | undefined)?.transferPolicy === 'label';
      return aIsLabel ? comparePolicies(a.segments, b.segments) : comparePolicies(b.segments, a.segments);
    },
  },
];

/**
 * Plays a story beside each of its metamorphic variants (and checks the invariants of every one).
 * Returns the first failure found, or null.
 */
export async function checkMetamorphic(scenario: Scenario, pick: Picker): Promise<StoryFailure | null> {
  const bases = new Map<boolean, Observation>();
  const baseOf = async (isSpaced: boolean): Promise<Observation | StoryFailure> => {
    const known = bases.get(isSpaced);
    if (known) return known;
    const story = isSpaced ? spaced(scenario) : scenario;
    const observation = await observe(story);
    const violations = invariantViolations(observation);
    if (violations.length > 0) return { violations, stories: [{ role: 'story', scenario: story, observation }] };
    bases.set(isSpaced, observation);
    return observation;
  };
  for (const relation of RELATIONS) {
    const base = await baseOf(relation.spaced);
    if ('violations' in base) return base;
    const variant = relation.variant(base.scenario, pick);
    if (!variant) continue;
    const observation = await observe(variant);
    const violations = [
      ...invariantViolations(observation).map((v) => `variant: ${v}`),
      ...relation.compare(base, observation).map((v) => `${relation.name}: ${v}`),
    ];
    if (violations.length > 0) {
      return {
        violations,
        stories: [
          { role: 'story', scenario: base.scenario, observation: base },
          { role: relation.name.replace(/\W+/g, '-'), scenario: variant, observation },
        ],
      };
    }
  }
  return null;
}
