import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start their own embedded stores on random ports; two workers keep a 2-core machine responsive.
    maxWorkers: 2,
  },
});
