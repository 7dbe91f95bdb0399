import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';
import type { Scenario } from './scenario';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  error?: string;
}

const unreadable = (file: string, error: string): LoadedScenario => ({ file, scenario: undefined as unknown as Scenario, error });

/**
 * Files and folders (every .json below them, sorted) into scenarios. What cannot be played says
 * why, as a scenario of its own that fails: a path that does not exist, a folder without scenario
 * files, a file that is not JSON.
 */
export function loadScenarios(paths: string[]): LoadedScenario[] {
  const loaded: LoadedScenario[] = [];
  const visit = (path: string, found: string[]) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry), found);
    } else if (path.endsWith('.json')) {
      found.push(path);
    }
  };
  for (const path of paths.map((p) => resolve(p))) {
    if (!existsSync(path)) {
      loaded.push(unreadable(path, 'no such file or folder'));
      continue;
    }
    const found: string[] = [];
    visit(path, found);
    if (found.length === 0) loaded.push(unreadable(path, 'no scenario files (*.json) here'));
    for (const file of found) {
      try {
        loaded.push({ file, scenario: JSON.parse(readFileSync(file, 'utf8')) as Scenario });
      } catch (error) {
        loaded.push(unreadable(file, `not valid JSON: ${String(error)}`));
      }
    }
  }
  return loaded;
}
