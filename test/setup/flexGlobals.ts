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
// Tests in jest's node environment (the scenario suite) have no window here: the simulator gives
// Flex its own jsdom and stubs media itself.
const media = typeof window === 'undefined' ? undefined : window.HTMLMediaElement.prototype;

if (media) Object.defineProperty(media, 'play', {
  configurable: true,
  writable: true,
  value: function play(): Promise<void> {
    return Promise.resolve();
  },
});

if (media) Object.defineProperty(media, 'pause', {
  configurable: true,
  writable: true,
  value: function pause(): void {
    /* no-op */
  },
});

export {};
