import { NextResponse, type NextRequest } from "next/server";
import { realtimeOrigins, securityHeaders } from "@/lib/security/headers";

/**
 * Adds a per-request CSP nonce and the security headers to every page and API answer. Next reads the
 * nonce from the request's CSP header and puts it on its own inline scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const url = process.env.NEXTAUTH_URL ?? request.nextUrl.origin;
  const headers = securityHeaders({
    nonce,
    production: process.env.NODE_ENV === "production",
    httpsOrigin: url.startsWith("https:"),
    realtimeOrigins: realtimeOrigins({
      host: process.env.PUSHER_HOST || undefined,
      port: process.env.PUSHER_PORT ? Number(process.env.PUSHER_PORT) : undefined,
      useTLS: !["false", "0", "no"].includes(process.env.PUSHER_USE_TLS ?? "true"),
      cluster: process.env.PUSHER_CLUSTER || "mt1",
    }),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  // A join link's token is in this address: no page reached from it may learn it from a Referer.
  if (request.nextUrl.pathname.startsWith("/join")) response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
