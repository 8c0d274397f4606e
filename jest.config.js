/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // property-based and process-spawning tests take seconds on a busy 2-core machine
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  transform: {
    // Transpile only (isolatedModules): `tsc -b` (npm test, npm run typecheck) type-checks src and
    // test once; the 1.1 MB generated CRD types stay out of every test's path.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
  },
};
