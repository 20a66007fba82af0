import { exchangeVisitLinkRequest } from "@/lib/visit-links/exchange-request";

type Context = { params: Promise<{ token: string }> };

/** The one-tap join link: trades the token for a visit-scoped session, then moves on so the token leaves the address bar. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  return exchangeVisitLinkRequest(request, (await params).token);
}
