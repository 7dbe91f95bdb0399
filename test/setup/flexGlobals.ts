/**
 * Jest setup file (runs in each test file's jsdom environment, before the test framework).
 *
 * Why: loading the real @twilio/flex-ui creates its media manager, which calls
 * `audio.play().then(...)` at module load. jsdom does not implement media playback: its
 * `HTMLMediaElement.prototype.play` / `pause` only report "Not implemented" (printed as
 * console.error) and return undefined, so `require('@twilio/flex-ui')` throws
 * "Cannot read properties of undefined (reading 'then')". Stub both: `play` resolves, `pause` is a
 * no-op.
 */
Object.defineProperty(window.HTMLMediaElement.prototype, 'play', {
  configurable: true,
  writable: true,
  value: function play(): Promise<void> {
    return Promise.resolve();
  },
});

Object.defineProperty(window.HTMLMediaElement.prototype, 'pause', {
  configurable: true,
  writable: true,
  value: function pause(): void {
    /* no-op */
  },
});

export {};
