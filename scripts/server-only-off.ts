/**
 * For tsx scripts that import server modules (bench/admin-sessions.ts): the `server-only` marker throws
 * unless a bundler resolves it for the server (Next does; Vitest aliases it), so here it is an empty module,
 * for both of the loaders tsx may use. Import this before any server module.
 */
import { createRequire, register } from "node:module";

const require = createRequire(__filename);
const path = require.resolve("server-only");
require.cache[path] = Object.assign(new (require("node:module") as typeof import("node:module"))(path), { loaded: true, exports: {} });
register(
  "data:text/javascript," +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
      if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
      return next(specifier, context);
    }`),
);
