import type { HangUpByConfig, Logger } from '../sagas/services';

export const DEFAULT_CONFIG: HangUpByConfig = {
  enabled: true,
  transferPolicy: 'clear',
  completionBudgetMs: 3000,
  retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30000, requestTimeoutMs: 10000, tokenWaitMs: 300000 },
  voiceChannels: ['voice'],
  externalColdTransferAction: 'StartExternalColdTransfer',
};

type Check<T> = (value: unknown) => value is T;
const isBoolean: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isPolicy: Check<'clear' | 'label'> = (v): v is 'clear' | 'label' => v === 'clear' || v === 'label';
const isName: Check<string> = (v): v is string => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(v);
const isChannels: Check<string[]> = (v): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string' && c.length > 0);
const inRange =
  (min: number, max: number): Check<number> =>
  (v): v is number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/**
 * Reads the plugin's configuration (`hangUpBy` in the Flex UI configuration's `ui_attributes`,
 * or in `appConfig.js` locally). A value that is missing keeps its default; a value that is
 * invalid keeps its default and is named in one warning. Never throws.
 */
export function readConfig(raw: unknown, log: Logger): HangUpByConfig {
  const config: HangUpByConfig = { ...DEFAULT_CONFIG, retry: { ...DEFAULT_CONFIG.retry } };
  if (raw === undefined || raw === null) return config;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    log.warn('[hang-up-by] configuration "hangUpBy" is not an object: using the defaults', raw);
    return config;
  }
  const source = raw as Record<string, unknown>;
  const retryIsObject = typeof source.retry === 'object' && source.retry !== null && !Array.isArray(source.retry);
  const retrySource = (retryIsObject ? source.retry : {}) as Record<string, unknown>;
  const invalid: string[] = [];
  function take<T>(from: Record<string, unknown>, key: string, check: Check<T>, assign: (v: T) => void, label = key) {
    if (from[key] === undefined) return;
    if (check(from[key])) assign(from[key] as T);
    else invalid.push(`${label}=${JSON.stringify(from[key])}`);
  }
  take(source, 'enabled', isBoolean, (v) => (config.enabled = v));
  take(source, 'transferPolicy', isPolicy, (v) => (config.transferPolicy = v));
  take(source, 'completionBudgetMs', inRange(0, 60000), (v) => (config.completionBudgetMs = v));
  take(source, 'voiceChannels', isChannels, (v) => (config.voiceChannels = [...v]));
  take(source, 'externalColdTransferAction', isName, (v) => (config.externalColdTransferAction = v));
  if (source.retry !== undefined && !retryIsObject) invalid.push('retry (not an object)');
  take(retrySource, 'maxAttempts', inRange(1, 50), (v) => (config.retry.maxAttempts = Math.floor(v)), 'retry.maxAttempts');
  take(retrySource, 'baseDelayMs', inRange(1, 60000), (v) => (config.retry.baseDelayMs = v), 'retry.baseDelayMs');
  take(retrySource, 'maxDelayMs', inRange(1, 600000), (v) => (config.retry.maxDelayMs = v), 'retry.maxDelayMs');
  take(retrySource, 'requestTimeoutMs', inRange(100, 120000), (v) => (config.retry.requestTimeoutMs = v), 'retry.requestTimeoutMs');
  take(retrySource, 'tokenWaitMs', inRange(0, 3600000), (v) => (config.retry.tokenWaitMs = v), 'retry.tokenWaitMs');
  if (config.retry.maxDelayMs < config.retry.baseDelayMs) {
    invalid.push('retry.maxDelayMs below retry.baseDelayMs');
    config.retry.maxDelayMs = Math.max(DEFAULT_CONFIG.retry.maxDelayMs, config.retry.baseDelayMs);
  }
  if (invalid.length > 0) {
    log.warn(`[hang-up-by] invalid configuration, defaults used for: ${invalid.join(', ')}`);
  }
  return config;
}
