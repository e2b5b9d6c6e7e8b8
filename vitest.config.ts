import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A handler answering an error its call does not list fails the test (see main/host/dispatch.ts).
    env: { RISALAH_STRICT_CONTRACT: '1' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The reliability and security suite (`npm run test:hostile` runs its long form): kills,
          // full disks, hostile payloads, archives and media; its figures are printed last.
          name: 'hostile',
          include: ['tests/hostile/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ['tests/hostile/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
