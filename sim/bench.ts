import { join } from 'path';
import { hangUpByActions as A, hangUpByReducer } from '../slices/hangUpBySlice';
import { initialHangUpByState } from '../slices/state';
import { measureBundle } from './bench/bundle';
import { measureDispatch } from './bench/dispatch';
import { measureSuite } from './bench/suite';
import { loadFlex } from './flexHost';
import { loadScenarios } from './load';

/**
 * `npm run bench`: the figures the project watches, printed (never asserted in tests). The
 * scenario suite's time; TaskRouter calls per reservation; how long Complete waits; local-storage
 * writes per call; what the plugin adds to each Flex dispatch; the reducer's cost per event; the
 * bundle, gzipped, by package (the official size after `npm run build`).
 */

const median = (values: number[]) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] : 0);
const max = (values: number[]) => (values.length ? Math.max(...values) : 0);
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function suiteFigures(root: string): Promise<void> {
  const scenarios = loadScenarios([join(root, 'scenarios')]).filter((l) => !l.error).map((l) => l.scenario);
  const started = Date.now();
  const f = await measureSuite(scenarios);
  console.log(`\nscenario suite: ${f.scenarios} scenarios (${f.failing} failing) in ${((Date.now() - started) / 1000).toFixed(2)} s`);
  console.log(`  per scenario: median ${median(f.wallMs).toFixed(0)} ms, p90 ${pct(f.wallMs, 90).toFixed(0)} ms, max ${max(f.wallMs).toFixed(0)} ms`);

  const per = (n: number) => (n / f.acceptedReservations).toFixed(2);
  console.log(`\nTaskRouter calls per accepted reservation (${f.acceptedReservations} reservations, ${f.calls} calls, faults included):`);
  console.log(`  reads:  ${per(f.reads.total)} (${f.reads.total}, ${f.reads.failed} answered with a fault)`);
  console.log(`  writes: ${per(f.writes.attempted)} sent, ${per(f.writes.accepted)} accepted (${f.writes.accepted})`);
  console.log(`  limit one accepted write per reservation: most for one reservation ${f.writes.perReservationMax}; second writes ${f.writes.reservationsWithTwo} (outcomes.md "When")`);
  console.log(`  none when unchanged: accepted writes that left the value as they found it: ${f.writes.unchangedValue}`);

  console.log('\nhow long Complete waits (completionReleased waitedMs, simulated time):');
  for (const [name, waits] of [['plain calls (goal 0 ms)', f.waits.plain], ['transfers', f.waits.transfer]] as const) {
    const zero = waits.filter((w) => w === 0).length;
    console.log(`  ${name.padEnd(24)} n=${String(waits.length).padStart(3)}  median ${median(waits)} ms, worst ${max(waits)} ms, ${zero} of ${waits.length} waited 0 ms`);
  }

  console.log(`\nlocal storage: ${(f.storage.writes / f.calls).toFixed(1)} writes and ${kb(f.storage.chars / f.calls)} per call (${f.storage.writes} writes, ${kb(f.storage.chars)} over ${f.calls} calls; characters of key and value)`);
}

function reducerFigure(): void {
  const stories = 10000;
  const t1 = process.hrtime.bigint();
  let state = initialHangUpByState;
  for (let i = 0; i < stories; i++) {
    const reservationSid = `WR${i}`;
    const events = [
      A.reservationAccepted({ reservationSid, taskSid: `WT${i}`, direction: 'inbound', incomingTransfer: null, at: i }),
      A.agentHungUp({ reservationSid, at: i }),
      A.reservationWrappedUp({ reservationSid, at: i }),
      A.writeRequested({ reservationSid, trigger: 'callEnded', at: i }),
      A.writeStarted({ reservationSid, target: { hangUpBy: 'Agent' }, at: i }),
      A.writeSucceeded({ reservationSid, attempts: 1, at: i }),
      A.reservationCompleted({ reservationSid, at: i }),
      A.recordsPruned({ reservationSids: [reservationSid], reason: 'completedAndWritten', at: i }),
    ];
    for (const event of events) state = hangUpByReducer(state, event);
  }
  const ms = Number(process.hrtime.bigint() - t1) / 1e6;
  console.log(`\nreducer: ${stories} reservation stories (8 events each) in ${ms.toFixed(0)} ms, ${((ms * 1000) / (stories * 8)).toFixed(1)} µs per event`);
}

function dispatchFigures(): void {
  console.log('\nFlex store dispatch, without and with the plugin (median of 9 × 20,000 dispatches, production redux):');
  console.log('  "floor": the same store with a do-nothing slice and one subscriber, the least any slice costs');
  console.log('  live records  action                                                 without   floor    with   ratio  added');
  const us = (ns: number) => `${(ns / 1000).toFixed(2).padStart(6)} µs`;
  for (const d of measureDispatch()) {
    const added = (d.withUs - d.withoutUs) / 1000;
    console.log(
      `  ${String(d.records).padStart(12)}  ${d.case.padEnd(53)} ${us(d.withoutUs)} ${us(d.floor)} ${us(d.withUs)}  ${(d.withUs / d.withoutUs).toFixed(2)} ×  ${added >= 0 ? '+' : ''}${added.toFixed(2)} µs`,
    );
  }
}

async function bundleFigures(root: string): Promise<void> {
  const b = await measureBundle(root);
  console.log('\nbundle (gzip -9):');
  console.log(b.official ? `  official build (npm run build): ${b.official.raw} bytes raw, ${b.official.gzipped} gzipped` : '  official build: not built (npm run build)');
  console.log(`  same entry through esbuild: ${b.esbuild.raw} bytes raw, ${b.esbuild.gzipped} gzipped; by package (minified bytes, gzipped share in proportion):`);
  for (const part of b.parts.filter((p) => p.bytes > 0)) console.log(`    ${part.name.padEnd(24)} ${String(part.bytes).padStart(6)}  ~${String(part.gzippedShare).padStart(5)}`);
}

async function main(): Promise<void> {
  // Hosted Flex runs production redux (no development checks on every dispatch).
  process.env.NODE_ENV = 'production';
  const root = join(__dirname, '..');
  const loadStarted = Date.now();
  loadFlex();
  console.log(`Flex UI load (once per process): ${Date.now() - loadStarted} ms`);
  await suiteFigures(root);
  reducerFigure();
  dispatchFigures();
  await bundleFigures(root);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
