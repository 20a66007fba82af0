import next from "eslint-config-next";

const config = [
  { ignores: ["lib/generated/**", ".next/**", ".data/**", "node_modules/**", "scripts/prisma-engine/**", "next-env.d.ts"] },
  ...next,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
