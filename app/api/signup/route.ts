import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { signUpSchema } from "@/lib/schemas/user";
import { signUpPatient } from "@/lib/users/sign-up";
import { clientIp, consume } from "@/lib/rate-limit";

export const POST = route(async (request) => {
  await consume("signUpByIp", clientIp(request));
  const input = await readJson(request, signUpSchema);
  const user = await signUpPatient(input);
  return Response.json(user, { status: 201 });
});
