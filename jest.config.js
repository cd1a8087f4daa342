// Each suite runs on its own: unit (no I/O), integration (real DynamoDB engine), infra (CDK assertions),
// hardening (faults, hostile input, authorization, privacy; real engine).
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: tsJest,
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // Every answer over HTTP is held to docs/openapi.json.
      setupFilesAfterEnv: ['<rootDir>/test/integration/openapi-contract.setup.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.js',
      globalTeardown: '<rootDir>/test/integration/global-teardown.js',
    },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...common,
      displayName: 'hardening',
      testMatch: ['<rootDir>/test/hardening/**/*.test.ts'],
      // Hostile input and the authorization matrix get documented answers too.
      setupFilesAfterEnv: ['<rootDir>/test/integration/openapi-contract.setup.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.js',
      globalTeardown: '<rootDir>/test/integration/global-teardown.js',
    },
  ],
};
