/**
 * Runs before anything else in the page (the first import of the host bundle).
 *
 * Flex's npm package is built for a bundler that provides Node's `process`; hosted Flex's page has
 * it, a plain page does not. And the timer ledger must wrap the page's timer functions before
 * Flex or the plugin capture them.
 */
import { installTimerLedger } from './timers';

type ProcessShim = { env: Record<string, string>; nextTick(fn: (...args: unknown[]) => void, ...args: unknown[]): void };
const w = window as unknown as { process?: ProcessShim };
w.process = w.process ?? {
  env: { NODE_ENV: 'production' },
  nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
};

export const ledger = installTimerLedger(window);
