import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Scenario } from '../scenario';
import type { StoryFailure } from './check';

/**
 * Writes a (shrunk) failure as scenario files that `npm run simulate -- <file>` replays: the
 * story, with the segments and writes it produced as its expectations (a replay shows them), the
 * violations in its name and in a `soak` field (which the runner ignores).
 */
export function writeFailure(dir: string, id: string, failure: StoryFailure, origin: Record<string, unknown>): string[] {
  mkdirSync(dir, { recursive: true });
  return failure.stories.map(({ role, scenario, observation }) => {
    const file = join(dir, `${id}-${role}.json`);
    const story: Scenario & { soak: unknown } = {
      name: `${role}: ${failure.violations[0]}`.slice(0, 300),
      config: scenario.config,
      initialAttributes: scenario.initialAttributes,
      steps: scenario.steps,
      expect: {
        segments: observation.segments.map(({ agent, hang_up_by, destination }) => ({ agent, hang_up_by, ...(destination ? { destination } : {}) })),
        writes: observation.writes.length,
      },
      soak: { violations: failure.violations, ...origin },
    };
    writeFileSync(file, `${JSON.stringify(story, null, 2)}\n`);
    return file;
  });
}
