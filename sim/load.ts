import { readdirSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';
import type { Scenario } from './scenario';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  error?: string;
}

/** Files and folders (every .json below them, sorted) into scenarios; unreadable ones say why. */
export function loadScenarios(paths: string[]): LoadedScenario[] {
  const files: string[] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (path.endsWith('.json')) {
      files.push(path);
    }
  };
  for (const path of paths) visit(resolve(path));
  return files.map((file) => {
    try {
      return { file, scenario: JSON.parse(readFileSync(file, 'utf8')) as Scenario };
    } catch (error) {
      return { file, scenario: undefined as unknown as Scenario, error: `not valid JSON: ${String(error)}` };
    }
  });
}
