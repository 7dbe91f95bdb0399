import fc from 'fast-check';
import { join } from 'path';
import { loadFlex } from './flexHost';
import { guarantees, metamorphic, storyShape, writeFailure } from './stories/check';
import { longShift } from './stories/shift';

/**
 * `npm run soak -- [--stories N] [--seed S] [--metamorphic M] [--shift CALLS]`: random call stories
 * against every guarantee, metamorphic checks, and a long shift of one agent. Prints stories per
 * second, every failure (shrunk, written to soak-failures/), and the shift's heap, time per call
 * and leftover records. Exits 1 on any failure.
 */

const USAGE = 'usage: npm run soak -- [--stories N] [--seed S] [--metamorphic M] [--shift CALLS]';

function options(argv: string[]): Record<string, number> | string {
  const known: Record<string, number> = { stories: 1000, seed: Date.now() % 1_000_000, metamorphic: 100, shift: 1000 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!argv[i]?.startsWith('--') || !(name in known)) return `unknown option ${argv[i]}`;
    if (!Number.isInteger(value) || value < 0) return `--${name} needs a whole number`;
    known[name] = value;
  }
  return known;
}

async function run<T>(
  label: string,
  arbitrary: fc.Arbitrary<T>,
  runs: number,
  seed: number,
  property: (v: T) => ReturnType<typeof guarantees>,
  shrink = true,
): Promise<boolean> {
  const failures: string[] = [];
  const started = Date.now();
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const outcome = await property(value);
      if (outcome.problems.length > 0) failures.push(writeFailure(join(__dirname, '..', 'soak-failures'), outcome.story, outcome.problems, seed) + `\n    - ${outcome.problems.join('\n    - ')}`);
      return outcome.problems.length === 0;
    }),
    // A metamorphic check replays each story six times: shrinking one can take many minutes, so
    // its failing story is written as found.
    { seed, numRuns: runs, endOnFailure: !shrink },
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`${label}: ${details.numRuns} stories in ${seconds.toFixed(1)} s (${(details.numRuns / seconds).toFixed(1)} stories/s), ${details.failed ? 'FAILED' : 'all held'}`);
  if (details.failed) console.log(`  seed ${seed}, ${shrink ? 'shrunk ' : ''}story:\n  ${failures.slice(-1).join('\n  ')}`);
  return !details.failed;
}

async function main(argv: string[]): Promise<number> {
  const parsed = options(argv);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  loadFlex();
  console.log(`seed ${parsed.seed}`);
  let ok = await run('guarantees', storyShape, parsed.stories, parsed.seed, guarantees);
  if (parsed.metamorphic > 0) ok = (await run('metamorphic', fc.tuple(storyShape, fc.nat()), parsed.metamorphic, parsed.seed, ([s, p]) => metamorphic(s, p), false)) && ok;
  if (parsed.shift > 0) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) console.log('long shift: run node with --expose-gc for heap after GC (npm run soak does)');
    const samples = await longShift(parsed.shift, Math.max(1, Math.floor(parsed.shift / 10)), gc);
    console.log(`long shift: ${parsed.shift} calls in one browser`);
    console.log('  calls  heap after GC  ms per call  slice records  stored records');
    for (const s of samples) {
      console.log(`  ${String(s.calls).padStart(5)}  ${s.heapMb.toFixed(1).padStart(10)} MB  ${s.msPerCall.toFixed(1).padStart(11)}  ${String(s.sliceRecords).padStart(13)}  ${String(s.storedRecords).padStart(14)}`);
    }
    const last = samples[samples.length - 1];
    if (last && (last.sliceRecords > 0 || last.storedRecords > 0)) {
      console.log('  FAILED: records left behind after every call completed');
      ok = false;
    }
  }
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(2);
  },
);
