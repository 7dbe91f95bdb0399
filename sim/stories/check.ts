import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Scenario, Step } from '../scenario';
import { buildStory, type StoryShape } from './build';
import {
  checkStory,
  insertAt,
  insertBeforeEnd,
  observe,
  policiesAgree,
  renameAgents,
  sameSegments,
  withPolicy,
} from './properties';

/** What fast-check draws: the agents, the policy, a Studio preset, and the story's intents. */
export const storyShape: fc.Arbitrary<StoryShape> = fc.record({
  agents: fc.integer({ min: 1, max: 3 }),
  transferPolicy: fc.constantFrom('clear' as const, 'label' as const),
  studioPreset: fc.boolean(),
  intents: fc.array(fc.integer({ min: 0, max: 9999 }), { minLength: 3, maxLength: 30 }),
});

/** The guarantees of the story on its own: the problems found, empty when it holds. */
export async function guarantees(shape: StoryShape): Promise<{ story: Scenario; problems: string[] }> {
  const story = await buildStory(shape);
  return { story, problems: checkStory(story, await observe(story)) };
}

const RENAME: Record<string, string> = { alice: 'zoe', bob: 'yann', carol: 'xia' };

/** Changes to the story that must leave every segment as it was. */
export async function metamorphic(shape: StoryShape, position: number): Promise<{ story: Scenario; problems: string[] }> {
  const story = await buildStory(shape);
  const base = (await observe(story)).segments;
  const problems: string[] = [];
  const compare = async (what: string, changed: Scenario, rename?: (a: string) => string) => {
    const difference = sameSegments(base, (await observe(changed)).segments, rename);
    if (difference) problems.push(`${what} changed the segments: ${difference}`);
  };
  const agents = [...new Set(story.steps.map((s) => s.agent).filter((a): a is string => typeof a === 'string'))];
  await compare('a reload after the calls ended', insertBeforeEnd(story, agents.map((agent) => ({ do: 'reload', agent }))));
  await compare('renaming the agents', renameAgents(story, (a) => RENAME[a] ?? a), (a) => RENAME[a] ?? a);
  const at = position % (story.steps.length + 1);
  const call = [...story.steps.slice(0, at)].reverse().find((s) => s.do === 'incomingCall' || s.do === 'outboundCall')?.call;
  if (call) await compare('a foreign write of an unrelated key', insertAt(story, at, [{ do: 'foreignWrite', call, attributes: { unrelated: { at } } }]));
  const faults = story.steps.filter((s) => s.do === 'fault');
  if (faults.length === 0) await compare('a 503 that clears within the budget', insertAt(story, at, [{ do: 'fault', kind: '503', times: 1 }]));
  const other = shape.transferPolicy === 'clear' ? 'label' : 'clear';
  const flipped = (await observe(withPolicy(story, other))).segments;
  const disagreement = other === 'label' ? policiesAgree(base, flipped) : policiesAgree(flipped, base);
  if (disagreement) problems.push(`label and clear differ beyond transfer segments: ${disagreement}`);
  return { story, problems };
}

/** Writes a failing story where `npm run simulate -- <file>` replays it. */
export function writeFailure(folder: string, story: Scenario, problems: string[], seed: number): string {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `seed-${seed}-${Date.now()}.json`);
  const steps: Step[] = story.steps;
  writeFileSync(file, `${JSON.stringify({ ...story, name: `${story.name}: ${problems[0]}`, steps, problems }, null, 2)}\n`);
  return file;
}
