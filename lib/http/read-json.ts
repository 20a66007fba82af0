import type { z } from "zod";
import { AppError } from "@/lib/errors";

const MAX_BODY_BYTES = 64 * 1024;

/** Reads and validates a JSON body: 413 when too large, 400 when not JSON, 422 naming each bad field. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body must be valid JSON.");
  }
  return validate(schema, body);
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "body";
    fields[key] ??= issue.message;
  }
  throw new AppError("UNPROCESSABLE", plainSummary(fields), { fields });
}

/**
 * One readable message for all bad fields: schemas that speak to people give whole sentences ("Please enter
 * your name."), which are used as they are; short rule fragments ("is required") get the field's name in front.
 */
export function plainSummary(fields: Record<string, string>): string {
  const sentences = Object.entries(fields).map(([key, message]) => {
    if (/^[A-Z]/.test(message)) return /[.!?]$/.test(message) ? message : `${message}.`;
    const name =
      key === "body"
        ? "The request"
        : key
            .replace(/([a-z])([A-Z])/g, "$1 $2")
            .replace(/\./g, " ")
            .toLowerCase()
            .replace(/^./, (c) => c.toUpperCase());
    return `${name} ${message}.`;
  });
  return [...new Set(sentences)].join(" ");
}

/** Validates URL query parameters with the same rules and messages as bodies. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return validate(schema, params);
}
