import { ensureBundles } from '../../sim/page/bundles';
import { chromiumPath } from '../../sim/page/chromium';

/**
 * Before any test file: when the run includes the browser tests, build what their pages load
 * (the plugin bundle with `npm run build`, the page bundle with esbuild) if missing or stale, and
 * unpack Chromium from @sparticuz/chromium. Done once here, not per worker: two workers building
 * the plugin at once would write the same files. The browser's path reaches the workers through
 * the environment (workers start after this, with this process's environment).
 */
export default async function globalSetup(globalConfig: { testPathPattern?: string }): Promise<void> {
  const pattern = globalConfig.testPathPattern ?? '';
  if (pattern && !/browser/.test(pattern)) return;
  const started = Date.now();
  const built = await ensureBundles((line) => process.stdout.write(`\n[browser tests] ${line}`));
  process.env.HANG_UP_BY_CHROMIUM = await chromiumPath();
  if (built.hostBuilt || built.pluginBuilt) process.stdout.write(`\n[browser tests] ready in ${Date.now() - started} ms\n`);
}
