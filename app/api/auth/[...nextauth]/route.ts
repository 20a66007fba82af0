import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { withSignInLimits } from "@/lib/auth/sign-in-limits";
import { route } from "@/lib/http/route";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, authOptions()) as Promise<Response>;
}

const POST = route<Context>(async (request, context) => {
  const [action, provider] = (await context.params).nextauth;
  if (action === "callback" && provider === "credentials") {
    return withSignInLimits(request, (r) => handler(r as NextRequest, context));
  }
  return handler(request as NextRequest, context);
});

export { handler as GET, POST };
