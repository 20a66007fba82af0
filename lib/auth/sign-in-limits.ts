import { AppError } from "@/lib/errors";
import { assertNotLimited, clientIp, consume, reset } from "@/lib/rate-limit";

type Attempt = (request: Request) => Promise<Response>;

async function signInFailed(response: Response): Promise<boolean> {
  const location = response.headers.get("location") ?? "";
  if (location.includes("error=")) return true;
  if (!(response.headers.get("content-type") ?? "").includes("application/json")) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { url?: string };
  return typeof body.url === "string" && body.url.includes("error=");
}

function limited(error: AppError): Response {
  const retryAfter = String(error.details?.retryAfterSeconds ?? 60);
  // next-auth's client reads `url` for the error code; the form shows the message for status 429.
  return Response.json(
    { url: "/sign-in?error=RateLimited", error: error.message },
    { status: 429, headers: { "Retry-After": retryAfter } },
  );
}

/**
 * Sign-in attempts are limited per network address, and failures per account with a growing block, so
 * password guessing slows to a crawl without locking anyone out for long after a few typos.
 */
export async function withSignInLimits(request: Request, attempt: Attempt): Promise<Response> {
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get("email") ?? "")
    .trim()
    .toLowerCase()
    .slice(0, 254);
  try {
    await consume("signInByIp", clientIp(request));
    if (email) {
      await assertNotLimited("signInFailuresShort", email);
      await assertNotLimited("signInFailuresLong", email);
    }
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") return limited(error);
    throw error;
  }
  const response = await attempt(request);
  if (!email) return response;
  if (await signInFailed(response)) {
    await Promise.allSettled([consume("signInFailuresShort", email), consume("signInFailuresLong", email)]);
  } else {
    await reset("signInFailuresShort", email);
  }
  return response;
}
