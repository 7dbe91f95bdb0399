import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { loadScenarios } from '../load';
import { runScenario } from '../run';
import { ensureBundles, HOST_BUNDLE, PLUGIN_BUNDLE, ROOT } from './bundles';
import { createBrowserEngine } from './engine';

/**
 * `npm run bench:browser [-- <scenario files|folders>]`: the browser engine's figures, printed
 * (never asserted in tests): what a page loads and how big it is, how long Chromium takes to
 * start a page, the suite's wall time and each scenario's.
 */
async function main(argv: string[]): Promise<number> {
  await ensureBundles((line) => console.log(line));
  for (const [label, file] of [
    ['page bundle (Flex, React, Redux, host)', HOST_BUNDLE],
    ['plugin bundle (npm run build)', PLUGIN_BUNDLE],
  ]) {
    const bytes = readFileSync(file);
    console.log(`${label}: ${statSync(file).size} bytes raw, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
  }
  const loaded = loadScenarios(argv.length > 0 ? argv : [join(ROOT, 'scenarios')]);
  const engine = createBrowserEngine();
  const rows: Array<{ name: string; ms: number; passed: boolean }> = [];
  const started = Date.now();
  try {
    for (const { file, scenario, error } of loaded) {
      if (error) continue;
      const result = await runScenario(scenario, file, { engine });
      rows.push({ name: file.slice(ROOT.length + 1), ms: result.wallMs, passed: result.passed });
    }
  } finally {
    await engine.close();
  }
  const total = Date.now() - started;
  const times = rows.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  console.log(`browser engine: ${rows.length} scenarios (${rows.filter((r) => !r.passed).length} failing) in ${(total / 1000).toFixed(1)} s`);
  console.log(`  per scenario: median ${pct(50)} ms, p90 ${pct(90)} ms, max ${pct(100)} ms`);
  for (const row of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  slowest: ${row.ms} ms ${row.name}`);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const { open, reload } = engine.pageLoads;
  console.log(`page start (navigation to plugin started): ${open.length} opens, median ${median(open)} ms; ${reload.length} reloads, median ${median(reload)} ms`);
  console.log(`  time in page starts: ${((open.reduce((a, b) => a + b, 0) + reload.reduce((a, b) => a + b, 0)) / 1000).toFixed(1)} s of ${(total / 1000).toFixed(1)} s`);
  return rows.every((r) => r.passed) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
