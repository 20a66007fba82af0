import "server-only";
import { AppError, httpStatusOf } from "@/lib/errors";
import { log } from "@/lib/log";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function jsonError(status: number, message: string, extra?: Record<string, unknown>, headers?: HeadersInit) {
  return Response.json({ error: message, ...extra }, { status, headers });
}

/** PostgreSQL unreachable, restarting or cutting connections: a brief outage, not a bug (503, not 500). */
export function isDatabaseDown(error: unknown): boolean {
  const cause = (
    error as { cause?: { originalCode?: unknown }; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null
  )?.meta?.driverAdapterError?.cause?.originalCode;
  const text =
    error instanceof Error
      ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? "")} ${String(cause ?? "")}`
      : "";
  // "...is not queryable": node-postgres refusing a pooled client (e.g. an open transaction's) whose
  // connection the server cut; 08xxx and 57P0x: connection failures and shutdowns by SQLSTATE; P1001,
  // P1017: Prisma's "can't reach" and "server has closed the connection"; P2028: a transaction that could
  // not start or finish in time (the database is overloaded: a retry soon is the right answer, not a 500).
  return /ECONNREFUSED|ECONNRESET|EPIPE|57P0[123]|0800[136]|P1001|P1017|P2028|Can't reach database|DatabaseNotReachable|ConnectionClosed|Connection terminated|Server has closed the connection|is not queryable|Unable to start a transaction|Transaction already closed|terminating connection due to|the database system is (shutting down|starting up)/i.test(
    text,
  );
}

/**
 * Wraps a route handler so that every failure becomes a JSON answer with a readable message:
 * AppError by its code, an unreachable database as 503, anything else as a logged 500 with no details.
 */
export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const startedAt = performance.now();
    return withServerTiming(startedAt, await answer(handler, request, context));
  };
}

/**
 * Server-Timing `app`: milliseconds from our handler's start until its answer is ready (a streamed body's
 * first byte), so browsers' devtools and the benchmarks see the server's own share of a request.
 */
function withServerTiming(startedAt: number, response: Response): Response {
  try {
    response.headers.set("Server-Timing", `app;dur=${(performance.now() - startedAt).toFixed(1)}`);
  } catch {
    // Some responses (redirects, proxied fetches) have immutable headers: they go out untimed.
  }
  return response;
}

async function answer<C>(handler: Handler<C>, request: Request, context: C): Promise<Response> {
  try {
    return await handler(request, context);
  } catch (error) {
    if (error instanceof AppError) {
      const headers: Record<string, string> = {};
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === "number") headers["Retry-After"] = String(Math.ceil(retryAfter));
      const fields = error.details?.fields;
      return jsonError(httpStatusOf[error.code], error.message, fields ? { fields } : undefined, headers);
    }
    if (isDatabaseDown(error)) {
      log.warn("database unavailable", { path: new URL(request.url).pathname });
      return jsonError(503, "The service is briefly unavailable. Please try again in a moment.", undefined, {
        "Retry-After": "5",
      });
    }
    log.error("unhandled error in route", { path: new URL(request.url).pathname, error });
    return jsonError(500, "Something went wrong on our side. Please try again.");
  }
}
