import { relative } from 'path';
import { loadScenarios } from './load';
import { formatJson, formatTable } from './report';
import { runScenario, type ScenarioResult } from './run';

/**
 * `npm run simulate -- <file|dir>... [--json]`: plays every scenario against the plugin and
 * prints what Flex Insights would have recorded. Exits 1 when any expectation fails.
 */
async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const paths = argv.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) {
    process.stderr.write('usage: npm run simulate -- <scenario.json|folder>... [--json]\n');
    return 2;
  }
  const results: ScenarioResult[] = [];
  const started = Date.now();
  for (const { file, scenario, error } of loadScenarios(paths)) {
    const name = relative(process.cwd(), file);
    if (error) {
      results.push({ name, file: name, passed: false, expected: [], got: [], writes: { got: 0 }, failures: [error], log: [], simulatedMs: 0 });
      continue;
    }
    results.push(await runScenario(scenario, name));
  }
  process.stdout.write(`${json ? formatJson(results) : formatTable(results)}\n`);
  if (!json) process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return results.every((r) => r.passed) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  // Flex leaves timers running: end the process explicitly.
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
