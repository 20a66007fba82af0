import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  {
    ignores: ["lib/generated/**", ".next/**", ".data/**", "node_modules/**", "scripts/prisma-engine/**", "next-env.d.ts"],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // zod is configured once (jitless in the browser, for the CSP) in lib/validation/zod.ts: take `z` from there.
    files: ["lib/**/*.ts", "components/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    ignores: ["lib/validation/zod.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "zod", message: 'Import { z } from "@/lib/validation/zod" (configured once for the CSP).', allowTypeImports: true },
            { name: "zod/mini", message: "zod/mini is for the schemas the browser runs (decision 12); elsewhere use lib/validation/zod." },
          ],
        },
      ],
    },
  },
  {
    // The schemas the browser runs, on every signal and data-channel message: the small zod/mini (decision 12).
    files: ["lib/signalling/messages.ts", "lib/call/data-messages.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { paths: [{ name: "zod", message: "The browser's schema uses zod/mini (decision 12).", allowTypeImports: true }] },
      ],
    },
  },
  {
    // The browser reaches the JSON API through lib/api-client alone: one error shape, one message for people.
    files: ["components/**/*.{ts,tsx}", "lib/call-engine/**/*.ts", "lib/admit-handoff/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Call the API through lib/api-client (sendJson, visitsApi)." }],
    },
  },
];

export default config;
