/* Unit tests only: the Playwright specs in e2e/ run with `npm run test:e2e`, never under vitest. */
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'e2e/**', 'out/**'],
  },
});
