import type { ScenarioResult } from './run';
import type { ExpectedSegment } from './scenario';
import type { Segment } from './taskrouter';

const cell = (value: unknown) => (value === null || value === undefined ? 'null' : String(value));
const valueCell = (segment: { hang_up_by?: string | null; destination?: string }) =>
  `${cell(segment.hang_up_by)}${segment.destination ? ` → ${segment.destination}` : ''}`;

/** One segment's agent, expected and got cells (`-` for a side that has no such segment). */
export function segmentCells(want: ExpectedSegment | undefined, have: Omit<Segment, 'reservationSid'> | undefined): [string, string, string] {
  return [cell(want?.agent ?? have?.agent ?? '-'), want ? valueCell(want) : '-', have ? valueCell(have) : '-'];
}

/** A scenario's wall time on its engine: `840 ms`, `3.2 s`. */
const wall = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The table of scenario-format.md: scenario, agent, expected, got, writes, verdict; then each scenario's wall time. */
export function formatTable(results: ScenarioResult[]): string {
  const rows: string[][] = [['scenario', 'agent', 'expected', 'got', 'writes', 'verdict', 'time']];
  for (const result of results) {
    const count = Math.max(result.expected.length, result.got.length, 1);
    for (let i = 0; i < count; i++) {
      rows.push([
        i === 0 ? result.name : '',
        ...segmentCells(result.expected[i], result.got[i]),
        i === 0 ? `${result.writes.got}${result.writes.expected !== undefined ? `/${result.writes.expected}` : ''}` : '',
        i === 0 ? (result.passed ? 'pass' : 'FAIL') : '',
        i === 0 ? wall(result.wallMs) : '',
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.min(60, Math.max(...rows.map((r) => r[c].length))));
  const line = (r: string[]) => r.map((v, c) => v.slice(0, 60).padEnd(widths[c])).join('  ').trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  const failed = results.filter((r) => !r.passed);
  for (const result of failed) {
    out.push('', `FAIL ${result.name}${result.file ? ` (${result.file})` : ''}`);
    for (const failure of result.failures) out.push(`  - ${failure}`);
    const notes = result.log.filter((l) => !l.startsWith('info'));
    if (notes.length) out.push('  plugin log:', ...notes.map((l) => `    ${l}`));
  }
  out.push('', `${results.length - failed.length} passed, ${failed.length} failed`);
  return out.join('\n');
}

/** The same results as one JSON document, naming the engine that played them. */
export function formatJson(results: ScenarioResult[], engine: 'node' | 'browser' = 'node'): string {
  const failed = results.filter((r) => !r.passed).length;
  return JSON.stringify({ engine, passed: results.length - failed, failed, scenarios: results }, null, 2);
}
