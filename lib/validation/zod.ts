/**
 * The app's one import of zod: every schema module imports `z` from here, never from "zod" (eslint says so).
 *
 * zod's fast path probes `new Function` when an object schema is built, which the Content-Security-Policy
 * forbids in the browser (the probe alone sends a violation report). Setting `jitless` here, in the module
 * that hands out `z`, means ES module order guarantees it runs before any schema is built: no file has to
 * remember to import something first. The server keeps the fast path (no CSP applies to it).
 */
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
