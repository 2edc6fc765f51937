import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Guards built in tests keep their audit log in memory unless a test names a store itself.
    env: { PHIGUARD_AUDIT_STORE: 'memory:' },
  },
});
