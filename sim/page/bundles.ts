import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'fs';
import { join } from 'path';

/**
 * What the pages load, built when missing or older than their sources:
 * - the page bundle (`.page-build/host.js`, git-ignored): Flex's npm package, React, ReactDOM,
 *   Redux, ReactRedux and the host (sim/page/host), bundled for the browser with esbuild;
 * - the plugin bundle (`build/plugin-hang-up-by.js`), made by `npm run build`, the official
 *   Flex plugin build, and served as it made it.
 */
export const ROOT = join(__dirname, '..', '..');
export const PAGE_BUILD_DIR = join(ROOT, '.page-build');
export const HOST_BUNDLE = join(PAGE_BUILD_DIR, 'host.js');
export const PLUGIN_BUNDLE = join(ROOT, 'build', 'plugin-hang-up-by.js');

function newest(paths: string[]): number {
  let latest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return latest;
}

function stale(output: string, inputs: string[]): boolean {
  return !existsSync(output) || statSync(output).mtimeMs < newest(inputs);
}

const HOST_INPUTS = ['sim/page/host', 'sim/page/protocol.ts', 'sim/simulatedActions.ts', 'sim/page/bundles.ts', 'package-lock.json'].map((p) => join(ROOT, p));
const PLUGIN_INPUTS = ['src', 'slices', 'sagas', 'package.json', 'package-lock.json', 'webpack.config.js', 'tsconfig.json'].map((p) => join(ROOT, p));

export interface BuildReport {
  hostBuilt: boolean;
  pluginBuilt: boolean;
}

/** Builds the page bundle if it is missing or stale (about 5 s). */
export async function ensureHostBundle(): Promise<boolean> {
  if (!stale(HOST_BUNDLE, HOST_INPUTS)) return false;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require('esbuild') as typeof import('esbuild');
  mkdirSync(PAGE_BUILD_DIR, { recursive: true });
  const temporary = `${HOST_BUNDLE}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [join(ROOT, 'sim/page/host/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    // Flex's npm build reads process.env.NODE_ENV and `global`, as a bundler for the browser would set them.
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    outfile: temporary,
    logLevel: 'error',
    legalComments: 'none',
  });
  renameSync(temporary, HOST_BUNDLE);
  return true;
}

/** Runs `npm run build` if the plugin bundle is missing or older than its sources (about 10 s). */
export function ensurePluginBundle(log: (line: string) => void = () => undefined): boolean {
  if (!stale(PLUGIN_BUNDLE, PLUGIN_INPUTS)) return false;
  log('building the plugin (npm run build)…');
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    // flex-plugin build clears the terminal unless PERSIST_TERMINAL is set.
    env: { ...process.env, PERSIST_TERMINAL: 'true' },
  });
  if (result.status !== 0 || !existsSync(PLUGIN_BUNDLE)) {
    throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return true;
}

export async function ensureBundles(log: (line: string) => void = () => undefined): Promise<BuildReport> {
  const pluginBuilt = ensurePluginBundle(log);
  if (stale(HOST_BUNDLE, HOST_INPUTS)) log('building the page bundle (Flex and the host, esbuild)…');
  const hostBuilt = await ensureHostBundle();
  return { hostBuilt, pluginBuilt };
}
