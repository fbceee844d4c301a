/* Unit tests only: the Playwright specs in e2e/ run with `npm run test:e2e`, never under vitest. */
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'e2e/**', 'out/**'],
    // Some tests spawn the CLI or boot the kernel: on a loaded 2-core machine
    // that takes seconds. A generous limit keeps them from flaking; a hang still fails.
    testTimeout: 30_000,
  },
});
