import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { validate } from "@/lib/http/read-json";

export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A page's query, first value of each key, validated like the API's; a bad one becomes a message to show. */
export async function readSearchParams<S extends z.ZodType>(
  searchParams: PageSearchParams,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; error: string }> {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  try {
    return { ok: true, data: validate(schema, raw) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

/** The query string for a set of optional values (unset ones left out). */
export function queryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined && v !== "") params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : "";
}
