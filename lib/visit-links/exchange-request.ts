import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { clientIp, consume } from "@/lib/rate-limit";
import { VISIT_LINK_COOKIE } from "@/lib/auth/visit-link-session";
import { exchangeVisitLink } from "@/lib/visit-links/exchange-link";

// The token must not travel further: not in a Referer, not in a cache, not in the next page's address.
const noLeak = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store, private" };

function redirect(request: Request, path: string, extra: Record<string, string> = {}): Response {
  const base = env().NEXTAUTH_URL ?? new URL(request.url).origin;
  return new Response(null, { status: 303, headers: { Location: new URL(path, base).toString(), ...noLeak, ...extra } });
}

/** GET /join/<token>: a valid link sets the scoped session cookie and goes to the visit; any other says why in words. */
export async function exchangeVisitLinkRequest(request: Request, token: string): Promise<Response> {
  try {
    await consume("visitLinkByIp", clientIp(request));
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED")
      return redirect(request, "/join?problem=busy", { "Retry-After": String(error.details?.retryAfterSeconds ?? 60) });
    throw error;
  }
  try {
    const result = await exchangeVisitLink(token, { ip: clientIp(request), userAgent: request.headers.get("user-agent") ?? "" });
    if (!result.ok) return redirect(request, `/join?problem=${result.problem}`);
    const secure = (env().NEXTAUTH_URL ?? "").startsWith("https:") ? "; Secure" : "";
    const cookie = `${VISIT_LINK_COOKIE}=${result.cookie}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${result.maxAgeSeconds}${secure}`;
    return redirect(request, `/visits/${result.appointmentId}`, { "Set-Cookie": cookie });
  } catch (error) {
    log.error("visit link exchange failed", { error });
    return redirect(request, "/join?problem=error");
  }
}
