import fc from 'fast-check';
import { join } from 'path';
import { loadFlex } from './flexHost';
import { picker, story, type BuiltStory } from './stories/arbitrary';
import { checkInvariants, checkMetamorphic, type StoryFailure } from './stories/check';
import { writeFailure } from './stories/failures';
import { runLongShift } from './stories/longShift';

/**
 * `npm run soak -- [--stories N] [--seed S] [--metamorphic-every K] [--shift CALLS] [--out DIR]`
 * `npm run soak -- --seed S --story I [--metamorphic-every K]`: story I of that run alone, shrunk
 * if it fails (the index a failing run printed).
 *
 * Plays N random call stories (fast-check, seeded) against the plugin and checks every property
 * on each; every K-th story also beside its metamorphic variants. Every failing story is shrunk
 * and written to DIR as a scenario file. Then one agent's long shift. Prints stories per second,
 * every failure, the long-shift figures; exits 1 on any failure.
 */

interface Options {
  stories: number;
  seed: number;
  metamorphicEvery: number;
  shiftCalls: number;
  out: string;
  /** One story of the run, by its index. */
  story: number | null;
}

function parse(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : fallback;
  };
  const outAt = argv.indexOf('--out');
  return {
    stories: value('stories', 1000),
    seed: value('seed', Date.now() % 2 ** 31),
    metamorphicEvery: value('metamorphic-every', 10),
    shiftCalls: value('shift', 1000),
    out: outAt >= 0 ? argv[outAt + 1] : join(__dirname, '..', 'soak-failures'),
    story: argv.includes('--story') ? value('story', 0) : null,
  };
}

type Sample = [BuiltStory, number];
const samples = () => fc.tuple(story(), fc.noBias(fc.nat()));

/** The property one run checks: the invariants, and for every K-th run the metamorphic relations. */
function checker(every: number) {
  let run = 0;
  return async ([built, variantSeed]: Sample, index = run++): Promise<StoryFailure | null> =>
    (await checkInvariants(built.scenario)) ?? (every > 0 && index % every === 0 ? checkMetamorphic(built.scenario, picker(variantSeed)) : null);
}

async function main(argv: string[]): Promise<number> {
  const options = parse(argv);
  loadFlex();
  const what = options.story === null ? `${options.stories} stories` : `story ${options.story}`;
  console.log(`soak: ${what}, seed ${options.seed}, metamorphic every ${options.metamorphicEvery}`);

  if (options.story !== null) return (await replayFailures(options, [{ index: options.story }])) > 0 ? 1 : 0;

  // First pass: every story once, failures only noted (fast-check would stop at the first).
  const failing: Array<{ index: number; violations: string[] }> = [];
  const check = checker(options.metamorphicEvery);
  let index = 0;
  const started = process.hrtime.bigint();
  await fc.check(
    fc.asyncProperty(samples(), async (sample) => {
      const i = index++;
      const failure = await check(sample, i);
      if (failure) {
        failing.push({ index: i, violations: failure.violations });
        console.log(`  story ${i}: ${failure.violations[0]}`);
      }
      if ((i + 1) % 500 === 0) console.log(`  ${i + 1} stories, ${((i + 1) / (Number(process.hrtime.bigint() - started) / 1e9)).toFixed(1)}/s`);
      return true;
    }),
    { seed: options.seed, numRuns: options.stories },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`stories: ${options.stories} in ${seconds.toFixed(1)} s, ${(options.stories / seconds).toFixed(1)} stories/s, ${failing.length} failing`);
  const reproduced = await replayFailures(options, failing);
  const shiftFailed = await longShift(options);
  return failing.length > 0 || reproduced > 0 || shiftFailed ? 1 : 0;
}

/** Each failure on its own: fast-check replays that run and shrinks it. Returns how many failed again. */
async function replayFailures(options: Options, failing: Array<{ index: number }>): Promise<number> {
  let reproduced = 0;
  for (const { index: i } of failing) {
    let shrunk: StoryFailure | null = null;
    const replay = checker(options.metamorphicEvery);
    // Shrinking replays the story hundreds of times: bounded, the best story so far is kept. The
    // bound is checked before each replay, never by abandoning one (fast-check's time limits leave
    // the run going, and a story still playing in the background would act on the next one's
    // contact center: Flex's Actions are one per process).
    const deadline = Date.now() + 120_000;
    const result = await fc.check(
      fc.asyncProperty(samples(), async (sample) => {
        if (shrunk && Date.now() > deadline) return true;
        const failure = await replay(sample, i);
        if (failure) shrunk = failure;
        return failure === null;
      }),
      { seed: options.seed, path: String(i) },
    );
    const last = shrunk as StoryFailure | null;
    if (!result.failed || !last) {
      console.log(`story ${i}: did not fail again on replay`);
      continue;
    }
    reproduced += 1;
    const files = writeFailure(options.out, `seed${options.seed}-story${i}`, last, { seed: options.seed, path: result.counterexamplePath });
    console.log(`story ${i} (shrunk ${result.numShrinks} times):`);
    for (const v of last.violations) console.log(`    ${v}`);
    for (const f of files) console.log(`    replay: npm run simulate -- ${f}`);
  }
  return reproduced;
}

/** One agent's long shift, printed; true when it left records or failed. */
async function longShift(options: Options): Promise<boolean> {
  let shiftFailed = false;
  if (options.shiftCalls > 0) {
    const shift = await runLongShift(options.shiftCalls, options.seed);
    console.log(`long shift: ${shift.calls} calls (${shift.steps} steps), ${shift.segments} segments, ${shift.writes} writes`);
    console.log('  calls  heap after GC  slice records  stored records  ms per call');
    for (const b of shift.blocks) {
      console.log(`  ${String(b.calls).padStart(5)}  ${b.heapMb === null ? '   (no gc)' : `${b.heapMb.toFixed(1).padStart(7)} MB`}  ${String(b.sliceRecords).padStart(13)}  ${String(b.storedRecords).padStart(14)}  ${b.msPerCall.toFixed(1).padStart(11)}`);
    }
    if (shift.heapGrowthPerCall === null) console.log('  heap: run node with --expose-gc to measure (npm run soak does)');
    else console.log(`  heap growth: ${(shift.heapGrowthPerCall / 1024).toFixed(2)} KB per call`);
    for (const f of shift.failures) console.log(`  FAIL ${f}`);
    shiftFailed = shift.failures.length > 0 || shift.blocks.some((b) => b.sliceRecords > 0 || b.storedRecords > 0);
  }
  return shiftFailed;
}

main(process.argv.slice(2)).then(
  // Flex leaves timers running: end the process explicitly.
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
