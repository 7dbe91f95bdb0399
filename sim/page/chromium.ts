import { chromium, type Browser } from 'playwright-core';

/**
 * Chromium from the npm package @sparticuz/chromium (so `npm ci` alone installs the browser),
 * unpacked to /tmp on first use. Its own `chromium.args` are not used: they include
 * `--single-process`, under which browser contexts share local storage. The background-networking
 * flags keep Chromium from calling out on a machine without a network.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser is: HANG_UP_BY_CHROMIUM (set by the test setup), else the package unpacks it. */
export async function chromiumPath(): Promise<string> {
  const preset = process.env.HANG_UP_BY_CHROMIUM;
  if (preset) return preset;
  // The package is an ES module: import() it, whatever this file is compiled to.
  const load = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ default: { executablePath(): Promise<string> } }>;
  const { default: packaged } = await load('@sparticuz/chromium');
  return packaged.executablePath();
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
