/**
 * Imported first by the call's client code. zod's fast path probes `new Function` when a schema is
 * built, which the app's Content-Security-Policy forbids (the probe alone sends a violation report).
 * The call and lib/signalling validate messages in the browser, so zod runs without that path here.
 * It must run before any schema module is evaluated, hence its own module, imported before the others.
 */
import { z } from "zod";

// Browser only: the server (which also evaluates this during rendering) keeps zod's fast path.
if (typeof window !== "undefined") z.config({ jitless: true });
