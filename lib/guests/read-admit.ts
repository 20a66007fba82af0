import { readJson } from "@/lib/http/read-json";
import { admitSchema } from "@/lib/guests/guest-input";

/** The admit body is optional: none (or `{}`) admits the patient, as before guests; `{ guestId }` a guest. */
export async function readAdmitInput(request: Request): Promise<{ guestId?: string }> {
  if ((await request.clone().text()).trim() === "") return {};
  return readJson(request, admitSchema);
}
