/**
 * One jest configuration, two projects:
 *  - unit: pure logic (libs/domain), no services, milliseconds each;
 *  - integration: the real stack (a Temporal dev server and PostgreSQL started by tests/support/global-setup).
 * Run one with `npx jest --selectProjects unit`.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests wait on real servers; unit tests finish in milliseconds either way.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/unit'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/integration'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      // Recorded workflow histories replayed against the current workflow bundle (dist/), no server.
      displayName: 'replay',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/replay'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
