import "server-only";
import { z } from "@/lib/validation/zod";

// Read once, validated once: every server module takes configuration from here, never from process.env.
const list = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );

const wholeNumber = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "yes"].includes(v)));

export const serverEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.url({ message: "must be a postgres:// URL" }),
    NEXTAUTH_URL: z.url().optional(),
    NEXTAUTH_SECRET: z.string().min(16, "must be at least 16 characters"),
    SESSION_IDLE_MINUTES: wholeNumber(30, 1),

    PUSHER_APP_ID: z.string(),
    PUSHER_KEY: z.string(),
    PUSHER_SECRET: z.string(),
    PUSHER_CLUSTER: z.string().default("mt1"),
    // Set for a self-hosted or local Pusher-protocol server; left unset for hosted Pusher.
    PUSHER_HOST: z.string().optional(),
    PUSHER_PORT: wholeNumber(0),
    PUSHER_USE_TLS: flag(true),

    VISIT_OPENS_MINUTES_BEFORE: wholeNumber(15),
    VISIT_GRACE_MINUTES_AFTER: wholeNumber(30),
    NO_SHOW_GRACE_MINUTES: wholeNumber(15, 1),

    STUN_URLS: list,
    TURN_URLS: list,
    TURN_SECRET: z.string().optional(),
    TURN_CREDENTIAL_TTL_SECONDS: wholeNumber(3600, 60),
    ICE_TRANSPORT_POLICY: z.enum(["all", "relay"]).default("all"),
    // Connections a provider's tab keeps warm (ICE + DTLS up, no media) for patients waiting; 0 turns warming off.
    WARM_CONNECTIONS_MAX: wholeNumber(5),

    // Multiplies every rate-limit allowance (e.g. 10 for a load test); see lib/rate-limit.ts.
    RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),

    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().default("Consult <no-reply@consult.local>"),
    OUTBOX_DIR: z.string().default(".data/outbox"),

    // Background jobs (pg-boss, in the app's own database and processes).
    JOBS_ENABLED: flag(true),
    JOB_BATCH_SIZE: wholeNumber(100, 1),
    JOB_WORKERS: wholeNumber(4, 1),
    JOB_POLL_SECONDS: z.coerce.number().min(0.5).default(1),
    REMINDER_LEASE_SECONDS: wholeNumber(120, 5),

    GITHUB_ID: z.string().optional(),
    GITHUB_SECRET: z.string().optional(),
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.TURN_URLS.length > 0 && !env.TURN_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TURN_SECRET"], message: "is required when TURN_URLS is set" });
    }
  });

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class ConfigError extends Error {}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  // An empty value in .env means "not set", as a reader of .env.example would expect.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = serverEnvSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = i.path.join(".") || "env";
    return i.code === "invalid_type" && !(name in present) ? `  - ${name} is missing` : `  - ${name}: ${i.message}`;
  });
  throw new ConfigError(`Consult is misconfigured:\n${lines.join("\n")}\nSee .env.example.`);
}

let cached: ServerEnv | undefined;

export function env(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
