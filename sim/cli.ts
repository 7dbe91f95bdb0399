import { relative } from 'path';
import { nodeEngine, type Engine } from './engine';
import { loadFlex } from './flexHost';
import { loadScenarios } from './load';
import { formatJson, formatTable } from './report';
import { runScenario, type ScenarioResult } from './run';

const USAGE = 'usage: npm run simulate -- [--browser] [--json] <scenario.json|folder>...';
const OPTIONS = new Set(['--browser', '--json']);

/**
 * `npm run simulate -- [--browser] [--json] <file|dir>...`: plays every scenario against the
 * plugin and prints what Flex Insights would have recorded. `--browser` plays them in Chromium
 * pages running the built bundle. Exits 1 when any expectation fails, 2 on a usage error.
 */
async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a.startsWith('-') && !OPTIONS.has(a));
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || paths.length === 0) {
    if (unknown.length > 0) process.stderr.write(`unknown option${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const json = argv.includes('--json');
  const engine: Engine = argv.includes('--browser') ? await browserEngine(json) : nodeEngine;
  // Flex loads once (seconds), before the first scenario: not counted in its time.
  if (engine === nodeEngine) loadFlex();
  const results: ScenarioResult[] = [];
  const started = Date.now();
  try {
    for (const { file, scenario, error } of loadScenarios(paths)) {
      const name = relative(process.cwd(), file);
      if (error) {
        results.push({ name, file: name, passed: false, expected: [], got: [], writes: { got: 0 }, failures: [error], log: [], simulatedMs: 0, wallMs: 0 });
        continue;
      }
      results.push(await runScenario(scenario, name, { engine }));
    }
  } finally {
    await engine.close();
  }
  process.stdout.write(`${json ? formatJson(results, engine.name) : formatTable(results)}\n`);
  if (!json) process.stdout.write(`(${engine.name} engine, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return results.every((r) => r.passed) ? 0 : 1;
}

/** Loaded only when asked for: it builds what the pages need and launches Chromium. */
async function browserEngine(quiet: boolean): Promise<Engine> {
  const { createBrowserEngine } = await import('./page/engine');
  return createBrowserEngine({ progress: quiet ? undefined : (line) => process.stderr.write(`${line}\n`) });
}

main(process.argv.slice(2)).then(
  // Flex leaves timers running: end the process explicitly.
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
