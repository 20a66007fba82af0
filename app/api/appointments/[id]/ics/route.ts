import { route } from "@/lib/http/route";
import { validate } from "@/lib/http/read-json";
import { requireUser } from "@/lib/auth/session";
import { idSchema } from "@/lib/validation/id";
import { findOwnAppointment } from "@/lib/appointments/change-appointment";
import { appointmentIcs } from "@/lib/calendar/appointment-ics";
import { visitUrl } from "@/lib/appointments/announce-change";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (_request, { params }) => {
  const user = await requireUser();
  const row = await findOwnAppointment(user, validate(idSchema, (await params).id));
  const ics = appointmentIcs(
    {
      id: row.id,
      start: row.startsAt,
      end: row.endsAt,
      status: row.status,
      sequence: row.sequence,
      providerName: row.provider.name,
      patientName: row.patient.name,
      visitUrl: visitUrl(row.id),
    },
    { timeZone: user.timeZone, forRole: user.role === "PROVIDER" ? "PROVIDER" : "PATIENT" },
  );
  return new Response(ics, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="consult-visit-${row.id}.ics"`,
      "cache-control": "private, no-store",
    },
  });
});
