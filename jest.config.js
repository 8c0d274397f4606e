/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // property-based and process-spawning tests take seconds on a busy 2-core machine
  testTimeout: 30000,
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  transform: {
    // Transpile only (isolatedModules in tsconfig.json): `tsc` (npm run build, run by `prepare`) type-checks; the 1.1 MB generated CRD types stay out of every test's path.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
};
