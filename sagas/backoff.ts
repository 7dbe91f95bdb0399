import type { RetryConfig } from './services';

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with full jitter so that
 * agents hitting the same rate limit do not retry in step. A `Retry-After` from TaskRouter is a
 * floor: we never come back sooner than it asks.
 */
export function backoffDelay(
  attempt: number,
  retry: Pick<RetryConfig, 'baseDelayMs' | 'maxDelayMs'>,
  random: number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling * Math.min(Math.max(random, 0), 1));
  return retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
}
