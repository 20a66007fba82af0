// How the schedule components talk to /api/provider/schedule: one JSON request, one readable outcome.

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: string; fields: Record<string, string> };

export async function sendJson<T>(url: string, method: "GET" | "PUT" | "PATCH" | "POST" | "DELETE", body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: "We could not reach the server. Check your connection and try again.", fields: {} };
  }
  const data = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, data: data as T };
  const failure = (data ?? {}) as { error?: unknown; fields?: unknown };
  return {
    ok: false,
    status: response.status,
    error: typeof failure.error === "string" ? failure.error : "Something went wrong. Please try again.",
    fields: failure.fields && typeof failure.fields === "object" ? (failure.fields as Record<string, string>) : {},
  };
}
