import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { hangUpByActions as A, hangUpByReducer } from '../slices/hangUpBySlice';
import { initialHangUpByState } from '../slices/state';
import { loadFlex } from './flexHost';
import { loadScenarios } from './load';
import { runScenario } from './run';

/**
 * `npm run bench`: the figures the project watches, printed (never asserted in tests):
 * the scenario suite's wall time, the cost of one reservation's story in the reducer, and the
 * plugin bundle's size (after `npm run build`).
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const loaded = loadScenarios([join(root, 'scenarios')]);
  const loadStarted = Date.now();
  loadFlex();
  console.log(`Flex UI load (once per process): ${Date.now() - loadStarted} ms`);
  const times: number[] = [];
  let failed = 0;
  const started = Date.now();
  for (const { scenario, error } of loaded) {
    if (error) continue;
    const t0 = process.hrtime.bigint();
    const result = await runScenario(scenario);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!result.passed) failed += 1;
  }
  const total = Date.now() - started;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  console.log(`scenario suite: ${times.length} scenarios (${failed} failing) in ${(total / 1000).toFixed(2)} s`);
  console.log(`  per scenario: median ${pct(50).toFixed(0)} ms, p90 ${pct(90).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms`);

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
  console.log(`reducer: ${stories} reservation stories (8 events each) in ${ms.toFixed(0)} ms, ${((ms * 1000) / (stories * 8)).toFixed(1)} µs per event`);

  const bundle = join(root, 'build', 'plugin-hang-up-by.js');
  if (existsSync(bundle)) {
    const bytes = readFileSync(bundle);
    console.log(`bundle: ${bytes.length} bytes raw, ${gzipSync(bytes, { level: 9 }).length} bytes gzipped`);
  } else {
    console.log('bundle: not built (npm run build)');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
