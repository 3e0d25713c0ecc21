/**
 * One jest configuration, four projects:
 *  - unit: pure logic (libs/domain), no services, milliseconds each;
 *  - integration: the real stack (a Temporal dev server and PostgreSQL started by tests/support/global-setup);
 *  - temporal-server: the same stack on the production Temporal server (Temporal Server on PostgreSQL,
 *    tests/support/temporal-server-setup), with tests/temporal-server and the worker-kill test;
 *  - replay: recorded histories against the workflow bundle.
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
      displayName: 'temporal-server',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/temporal-server', '<rootDir>/tests/integration'],
      testMatch: [
        '<rootDir>/tests/temporal-server/**/*.test.ts',
        // The worker killed mid-flight, once more against the production server.
        '<rootDir>/tests/integration/worker-crash.test.ts',
      ],
      transform: { '^.+\\.ts$': tsJest },
      // The helpers' testEnv() then names this project's server and database (set by its global setup).
      setupFiles: ['<rootDir>/tests/support/temporal-server-env.ts'],
      globalSetup: '<rootDir>/tests/support/temporal-server-setup.ts',
      globalTeardown: '<rootDir>/tests/support/temporal-server-teardown.ts',
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
