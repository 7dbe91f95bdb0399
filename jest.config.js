/**
 * Jest config (jest 29 + ts-jest 29 + jest-environment-jsdom 29).
 * `flex-plugin test` is not used: it is broken with this toolchain; `npm test` runs jest directly.
 *
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'jsdom',
  testEnvironmentOptions: {
    // jest-environment-jsdom resolves package `exports` with the 'browser' condition by default;
    // then some of @twilio/flex-ui's dependencies resolve to ESM-only browser builds (e.g.
    // uuid/dist/esm-browser) that jest cannot parse ("Unexpected token 'export'"). Resolving with
    // Node's conditions lets the real @twilio/flex-ui load in tests.
    customExportConditions: ['node', 'node-addons'],
  },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup/flexGlobals.ts'],
  // The browser tests' pages load the built plugin and a bundle of Flex: built once, before any worker.
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  reporters: ['default', '<rootDir>/test/setup/summaryReporter.js'],
  // Loading the real Flex UI takes about 3 s, and over 5 s (jest's default limit) on a loaded
  // 2-core machine; a test that times out keeps running and disturbs the next ones.
  testTimeout: 30000,
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        // Transpile each file on its own (fast, no type-check in jest). Type errors are still
        // caught: `npm run typecheck` (tsc --noEmit over src, slices, sagas, sim, test) runs in CI.
        // We prefer this to `diagnostics: false`, which would also hide syntax-level errors.
        // Set through `tsconfig` (merged over ./tsconfig.json) rather than ts-jest's own
        // `isolatedModules` option, which ts-jest 29.4 deprecates with a warning on every run.
        tsconfig: { isolatedModules: true },
      },
    ],
  },
};
