import fc from 'fast-check';
import { join } from 'path';
import { picker, story, type BuiltStory } from '../../sim/stories/arbitrary';
import type { StoryFailure } from '../../sim/stories/check';
import { writeFailure } from '../../sim/stories/failures';

/** Fixed seeds: `npm test` plays the same stories every time; `npm run soak` plays new ones. */
export const SEED = 20251125;

export const FAILURES_DIR = join(__dirname, '../../soak-failures');

export type Sample = [BuiltStory, number];
export const samples = () => fc.tuple(story(), fc.noBias(fc.nat()));

/**
 * Runs a story property with fast-check. On failure the shrunk story is written as scenario
 * files (git-ignored) and the test fails with the violations and how to replay them.
 */
export async function expectNoFailure(
  name: string,
  check: (sample: Sample) => Promise<StoryFailure | null>,
  numRuns: number,
): Promise<void> {
  let last: StoryFailure | null = null;
  const result = await fc.check(
    fc.asyncProperty(samples(), async (sample) => {
      const failure = await check(sample);
      if (failure) last = failure;
      return failure === null;
    }),
    // Shrinking replays the story hundreds of times: bounded, the best story so far is kept.
    { seed: SEED, numRuns, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: false },
  );
  const failure = last as StoryFailure | null;
  if (result.interrupted && !result.failed) throw new Error(`only ${result.numRuns} of ${numRuns} stories ran in the time limit`);
  if (!result.failed || !failure) return;
  const files = writeFailure(FAILURES_DIR, `${name}-seed${SEED}`, failure, { seed: SEED, path: result.counterexamplePath });
  throw new Error(
    `${failure.violations.join('\n')}\n\nshrunk story (${result.numShrinks} shrinks): ${files.map((f) => `npm run simulate -- ${f}`).join('\n')}`,
  );
}

export { picker };
