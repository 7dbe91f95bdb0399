import fc from 'fast-check';
import type { Scenario, Step } from '../scenario';
import { inOpenTabs, STEP_KINDS, type Picker } from './kinds';
import { StoryModel } from './model';

/**
 * Random call stories in the scenario format. A story is built from a list of integer choices:
 * each choice picks one step among those the story can take next (a small model of the calls
 * says which), so every story is playable, and fast-check shrinks a failing story by shrinking
 * its choices (fewer steps, earlier kinds). An epilogue then ends every call and completes every
 * reservation, so that the end-state properties apply.
 */

export const AGENT_NAMES = ['alice', 'bob', 'carol'];

export interface StorySpec {
  agents: number;
  policy: 'clear' | 'label' | 'default';
  /** The Studio `Send to Flex` preset (README, "Abandoned calls"). */
  studioPreset: boolean;
  completionBudgetMs?: number;
  maxAttempts?: number;
  /** The configured voice channels do not include the task's: nothing may be written. */
  nonVoice: boolean;
  choices: number[];
  /** Choices for the epilogue: how pending offers end, how each reservation completes. */
  ending: number[];
}

/** A tiny deterministic generator (mulberry32) seeded by one choice. */
export function picker(seed: number): Picker {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    pick: (items) => items[Math.floor(next() * items.length)],
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

/** The next step a choice picks: a kind by weight among the applicable ones, then one of its steps. */
export function nextStep(model: StoryModel, choice: number): Step | null {
  const pick = picker(choice);
  const options = STEP_KINDS.map((kind) => ({ kind, steps: inOpenTabs(model, kind.steps(model, pick)) })).filter((o) => o.steps.length > 0);
  const total = options.reduce((sum, o) => sum + o.kind.weight, 0);
  // The low bits pick the kind, so that a choice of 0 (where shrinking heads) is the first kind.
  let slot = choice % total;
  for (const option of options) {
    if (slot < option.kind.weight) return pick.pick(option.steps);
    slot -= option.kind.weight;
  }
  return null;
}

/** Ends every call and completes every reservation (pending offers end unaccepted). */
function epilogue(model: StoryModel, ending: number[]): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const choose = <T>(items: T[]): T => items[(ending[i++ % Math.max(1, ending.length)] ?? 0) % items.length];
  const take = (step: Step) => {
    model.apply(step);
    steps.push(step);
  };
  // A closed tab comes back (a tab that never does keeps its records: nothing to check then).
  for (const agent of [...model.closedTabs]) take({ do: 'openTab', agent });
  for (const r of model.of(['pending'])) take({ do: choose(['reject', 'timeout']), agent: r.agent, call: r.call });
  for (const call of model.liveCalls()) {
    if (call.customer === 'ringing') take({ do: 'customerNoAnswer', call: call.id });
    else if (call.customer === 'joined') take({ do: 'customerHangup', call: call.id });
  }
  take({ do: 'wait', ms: choose([0, 1000, 30_000]) });
  for (const r of model.of(['wrapping', 'accepted'])) take({ do: choose(['complete', 'complete', 'autoComplete']), agent: r.agent, call: r.call });
  return steps;
}

export interface BuiltStory {
  scenario: Scenario;
  /** The model after the last step: which calls were transferred, how many reservations. */
  model: StoryModel;
}

export function buildStory(spec: StorySpec, names: string[] = AGENT_NAMES): BuiltStory {
  const agents = names.slice(0, spec.agents);
  const model = new StoryModel(agents);
  const steps: Step[] = [];
  for (const choice of spec.choices) {
    const step = nextStep(model, choice);
    if (!step) continue;
    model.apply(step);
    steps.push(step);
  }
  steps.push(...epilogue(model, spec.ending));

  const config: Record<string, unknown> = {};
  if (spec.policy !== 'default') config.transferPolicy = spec.policy;
  if (spec.completionBudgetMs !== undefined) config.completionBudgetMs = spec.completionBudgetMs;
  if (spec.maxAttempts !== undefined) config.retry = { maxAttempts: spec.maxAttempts };
  if (spec.nonVoice) config.voiceChannels = ['custom_voice'];
  const initialAttributes: Record<string, unknown> = { crm_id: 42 };
  if (spec.studioPreset) Object.assign(initialAttributes, { type: 'inbound', name: '+15550100001', conversations: { hang_up_by: 'Customer' } });

  const scenario: Scenario = {
    name: `random story: ${agents.length} agent(s), ${steps.length} steps`,
    config,
    initialAttributes,
    steps: steps.length > 0 ? steps : [{ do: 'wait', ms: 0 }],
    expect: { segments: [] },
  };
  return { scenario, model };
}

export interface StoryOptions {
  /** Most choices in a story (the epilogue comes on top). */
  maxChoices?: number;
}

export const storySpec = (options: StoryOptions = {}): fc.Arbitrary<StorySpec> =>
  fc.record({
    agents: fc.integer({ min: 1, max: 3 }),
    policy: fc.constantFrom<StorySpec['policy']>('default', 'clear', 'label'),
    studioPreset: fc.boolean(),
    completionBudgetMs: fc.option(fc.constantFrom(0, 10_000), { freq: 6, nil: undefined }),
    maxAttempts: fc.option(fc.constantFrom(2, 3), { freq: 4, nil: undefined }),
    nonVoice: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    // Unbiased: fast-check's bias towards small numbers would pick the first kind (wait) most of the time.
    choices: fc.array(fc.noBias(fc.nat()), { minLength: 3, maxLength: options.maxChoices ?? 40, size: 'max' }),
    ending: fc.array(fc.noBias(fc.nat({ max: 11 })), { maxLength: 6 }),
  });

/** Random stories, with the spec they were built from (shrinking works on the spec). */
export const story = (options: StoryOptions = {}): fc.Arbitrary<BuiltStory & { spec: StorySpec }> =>
  storySpec(options).map((spec) => ({ spec, ...buildStory(spec) }));
