// One jest run, four projects. Server-side tests run on PGlite and, when DATABASE_URL is set,
// on PostgreSQL too (tests/helpers/db.ts). weapp tests load the built mini-program (built if
// stale by tests/weapp/global-setup.ts); e2e drives Chromium on the H5 build.
const { availableParallelism } = require('node:os')
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
]
// ESM-only packages the server imports; everything else in node_modules ships CommonJS.
const esm = ['jose', 'uuid', '@electric-sql']
const base = {
  transform: { '^.+\\.[cm]?[tj]sx?$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  // the front end's path aliases (tsconfig.json paths, config/index.ts alias)
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1', '^@contracts$': '<rootDir>/types/index.ts', '^@contracts/(.*)$': '<rootDir>/types/$1' },
}
module.exports = {
  testTimeout: 60_000,
  // Test files run in parallel, one worker per core. Jest's default (cores − 1) is a single worker on
  // a 2-core machine, i.e. the whole suite in band. Files share no state: each integration file
  // gets its own database (tests/helpers/db.ts), each e2e file its own server and data dir, builds
  // happen once in the global set-ups. JEST_WORKERS (or --maxWorkers / --runInBand) overrides.
  maxWorkers: Number(process.env.JEST_WORKERS) || Math.max(2, availableParallelism()),
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/http/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'weapp',
      testMatch: ['<rootDir>/tests/weapp/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/weapp/global-setup.ts',
      globalTeardown: '<rootDir>/tests/helpers/demo-data-dir-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/tests/helpers/demo-data-dir-teardown.ts',
    },
  ],
}
