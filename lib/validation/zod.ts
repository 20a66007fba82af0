/**
 * The app's one import of the full zod: every schema module imports `z` from here, never from "zod" (eslint
 * says so). The two schemas the browser runs use the much smaller zod/mini instead (docs/decisions/0012), and
 * a unit test keeps this module out of the browser.
 *
 * zod's fast path probes `new Function` when an object schema is built, which the Content-Security-Policy
 * forbids in the browser (the probe alone sends a violation report). Setting `jitless` here, in the module
 * that hands out `z`, means ES module order guarantees it runs before any schema is built: no file has to
 * remember to import something first. The server keeps the fast path (no CSP applies to it).
 */
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
