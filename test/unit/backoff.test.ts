import { backoffDelay } from '../../sagas/backoff';

const retry = { baseDelayMs: 500, maxDelayMs: 30_000 };
const ALMOST_ONE = 0.999_999;

describe('backoffDelay', () => {
  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [6, 16_000],
  ])('grows exponentially: the ceiling before retry %i is %i ms', (attempt, ceiling) => {
    expect(backoffDelay(attempt, retry, ALMOST_ONE)).toBe(ceiling);
  });

  it.each([7, 8, 20, 60])('is capped at maxDelayMs (retry %i)', (attempt) => {
    expect(backoffDelay(attempt, retry, ALMOST_ONE)).toBe(30_000);
  });

  it('full jitter: random 0 gives no wait at all', () => {
    expect(backoffDelay(4, retry, 0)).toBe(0);
  });

  it('full jitter: the delay is the ceiling scaled by random', () => {
    expect(backoffDelay(3, retry, 0.25)).toBe(500);
    expect(backoffDelay(3, retry, 0.5)).toBe(1000);
  });

  it.each([0, 0.1, 0.5, 0.9, ALMOST_ONE])('stays within [0, ceiling] for random %p', (random) => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const delay = backoffDelay(attempt, retry, random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));
    }
  });

  it.each([-1, 2])('a random outside [0, 1] (%p) is clamped', (random) => {
    expect(backoffDelay(2, retry, random)).toBe(random < 0 ? 0 : 1000);
  });

  it('attempt 0 or below is treated as the first retry', () => {
    expect(backoffDelay(0, retry, ALMOST_ONE)).toBe(500);
  });

  it('Retry-After is a floor: never sooner than TaskRouter asks', () => {
    expect(backoffDelay(1, retry, 0.5, 5000)).toBe(5000);
    expect(backoffDelay(1, retry, 0, 1)).toBe(1);
  });

  it('Retry-After is a floor even above the cap', () => {
    expect(backoffDelay(10, retry, ALMOST_ONE, 120_000)).toBe(120_000);
  });

  it('Retry-After below the jittered delay leaves the delay as it is', () => {
    expect(backoffDelay(4, retry, 0.5, 100)).toBe(2000);
  });
});
