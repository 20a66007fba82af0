// Logs are for operators: they must never carry a patient's email address or visit reason.
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
// Keys whose values are never written, also as the end of a longer key (cancelReason, actorEmail, csrfToken).
const SECRET_KEYS = /(reason|email|password|passwordHash|token|secret|authorization|cookie)$/i;
// The same inside text: JSON (`"reason":"…"`) or a failed Prisma call, whose message prints its arguments (`reason: "…"`).
const SECRET_PAIRS =
  /\b(\w*(?:reason|email|password|passwordHash|token|secret|authorization|cookie))("?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/gi;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4) return "[…]";
  if (typeof value === "string") return value.replace(SECRET_PAIRS, '$1$2"[redacted]"').replace(EMAIL, "[email]");
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : redact(v, depth + 1)]));
  }
  return value;
}

function write(level: "info" | "warn" | "error", message: string, data?: Record<string, unknown>) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...(redact(data ?? {}) as object) });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  info: (message: string, data?: Record<string, unknown>) => write("info", message, data),
  warn: (message: string, data?: Record<string, unknown>) => write("warn", message, data),
  error: (message: string, data?: Record<string, unknown>) => write("error", message, data),
  redact,
};
