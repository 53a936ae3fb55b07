import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    benchmark: { include: ['packages/*/bench/**/*.bench.ts'] },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
