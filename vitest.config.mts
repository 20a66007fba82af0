import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  // `server-only` throws unless bundled for the server (Next does that): under Vitest the marker is a no-op.
  resolve: { alias: { "@": root, "server-only": `${root}tests/support/empty-module.ts` } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          setupFiles: ["tests/support/tz-utc.ts", "tests/support/fail-on-console-error.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "unit-other-tz",
          include: ["tests/unit/**/*.timezone.test.ts"],
          environment: "node",
          setupFiles: ["tests/support/tz-auckland.ts", "tests/support/fail-on-console-error.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          globalSetup: ["tests/support/integration-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
