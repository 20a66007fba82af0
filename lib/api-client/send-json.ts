/**
 * The browser's one way to call this app's JSON API: one request, one outcome, one error shape.
 *
 *   sendJson<T>(url, method, body?, options?) - ApiResult<T>: the data, or { status, error, fields }
 *   sendForm<T>(url, fields)                  - the same for a form-encoded POST (pusher-js's auth shape)
 *   sendBeacon(url, body, retryAfterMs?)      - best-effort report that survives the page closing
 *
 * `error` is always a sentence for people: the server's own message (lib/http/route.ts answers every
 * 4xx/5xx with `{ error, fields? }`), else one of the two below. Nothing here throws.
 */
import "client-only";

export type ApiError = { ok: false; status: number; error: string; fields: Record<string, string> };
export type ApiResult<T> = { ok: true; data: T } | ApiError;
export type Method = "GET" | "PUT" | "PATCH" | "POST" | "DELETE";
export type RequestOptions = { signal?: AbortSignal; cache?: RequestCache };

/** status 0: the request never got an answer (offline, aborted, server down). */
export const UNREACHABLE = "We could not reach the server. Check your connection and try again.";
export const UNEXPECTED = "Something went wrong. Please try again.";

async function outcome<T>(request: () => Promise<Response>): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await request();
  } catch {
    return { ok: false, status: 0, error: UNREACHABLE, fields: {} };
  }
  const data = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, data: data as T };
  const failure = (data ?? {}) as { error?: unknown; fields?: unknown };
  return {
    ok: false,
    status: response.status,
    error: typeof failure.error === "string" ? failure.error : UNEXPECTED,
    fields: failure.fields && typeof failure.fields === "object" ? (failure.fields as Record<string, string>) : {},
  };
}

export function sendJson<T>(url: string, method: Method, body?: unknown, options: RequestOptions = {}): Promise<ApiResult<T>> {
  return outcome<T>(() =>
    fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
      cache: options.cache ?? (method === "GET" ? "no-store" : undefined),
    }),
  );
}

export function sendForm<T>(url: string, fields: Record<string, string>): Promise<ApiResult<T>> {
  return outcome<T>(() =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/**
 * Fire and forget (quality and connection reports): `keepalive` lets it leave as the page closes; failures are dropped.
 * A 409 is sent again after each delay of `retryAfterMs`: over a warm connection the patient's page hears the
 * provider's Admit by data channel, and its report can reach the server before the provider's /admit has committed.
 */
export function sendBeacon(url: string, body: unknown, retryAfterMs: readonly number[] = []): void {
  const json = JSON.stringify(body);
  const send = (attempt: number): void =>
    void fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: json, keepalive: true }).then(
      (response) => {
        const delay = retryAfterMs[attempt];
        if (response.status === 409 && delay !== undefined) setTimeout(() => send(attempt + 1), delay);
      },
      () => undefined,
    );
  send(0);
}
