import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { signUpSchema } from "@/lib/schemas/user";
import { signUpPatient } from "@/lib/users/sign-up";

export const POST = route(async (request) => {
  const input = await readJson(request, signUpSchema);
  const user = await signUpPatient(input);
  return Response.json(user, { status: 201 });
});
