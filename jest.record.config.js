/**
 * `npm run record-histories`: drives every kind of case through the real stack and saves each workflow's
 * history to tests/fixtures/histories/, where the replay test (tests/replay) replays them against the
 * current workflow code. Run it when a new kind of case appears; never rewrite an old history.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 300000,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/recording'],
  testMatch: ['**/*.record.ts'],
  transform: { '^.+\\.ts$': tsJest },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
};
