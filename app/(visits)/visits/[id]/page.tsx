import type { Metadata, Viewport } from "next";
import { notFound } from "next/navigation";
import { requireVisitPageUser } from "@/lib/auth/visit-page";
import { AppError } from "@/lib/errors";
import { loadVisit } from "@/lib/visits/load-visit";
import { visitView } from "@/lib/visits/visit-view";
import { formatInZone } from "@/lib/format-time";
import { VisitRoom } from "@/components/visit/visit-room";
import { guestTitle } from "@/components/guests/guest-words";
import { SetPasswordForm } from "@/components/visit/set-password-form";
import { db } from "@/lib/db";
import { roomHolderFor } from "@/lib/visits/claim-room";
import { iceConfigForOpenVisit } from "@/lib/call/server/ice-servers";

export const metadata: Metadata = { title: "Visit room" };
// The call fills a phone's screen edge to edge and keeps its controls inside the safe-area insets (app/globals.css).
export const viewport: Viewport = { width: "device-width", initialScale: 1, viewportFit: "cover" };

type Props = { params: Promise<{ id: string }> };

export default async function VisitPage({ params }: Props) {
  const { id } = await params;
  const { user, viaLink } = await requireVisitPageUser(id);
  const visit = await loadVisit(user, id).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const view = await visitView(visit);
  const guest = view.role === "GUEST";
  const other = visit.role === "PROVIDER" ? visit.appointment.patient.name : visit.appointment.provider.name;
  // A guest (issue 16) joins someone else's visit: "Visit with Dr. Okafor and Rosa".
  const title = guest ? guestTitle(view) : `Your visit with ${other}`;
  const when = formatInZone(visit.appointment.start, user.timeZone, { withZone: true });
  if (visit.windowStatus === "not-open-yet" && visit.appointment.status === "SCHEDULED") {
    return (
      <RoomMessage title={title}>
        The visit room opens at <strong>{formatInZone(visit.window.opensAt, user.timeZone, { timeOnly: true })}</strong> on{" "}
        {formatInZone(visit.window.opensAt, user.timeZone, { dateOnly: true })} ({user.timeZone.replaceAll("_", " ")}), a few minutes before
        the visit at {when}. Come back then; there is nothing to install.
      </RoomMessage>
    );
  }
  if (visit.windowStatus === "closed" && visit.appointment.status === "SCHEDULED") {
    return <RoomMessage title={title}>This visit room has closed. The visit was scheduled for {when}.</RoomMessage>;
  }
  // A guest never gets an account: no password to set.
  const [invited, roomHolder, iceConfig] = await Promise.all([
    !guest && viaLink && db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } }).then((u) => u?.passwordHash === ""),
    roomHolderFor(user.id, visit.appointment.id),
    visit.windowStatus === "open" && visit.appointment.status === "SCHEDULED" ? iceConfigForOpenVisit(user, visit) : null,
  ]);
  return (
    <>
      <VisitRoom
        initial={view}
        self={{ id: user.id, name: user.name, timeZone: user.timeZone }}
        roomHolder={roomHolder}
        iceConfig={iceConfig}
        viaLink={viaLink}
      />
      {invited && (
        <div className="mx-auto mt-8 max-w-xl">
          <SetPasswordForm appointmentId={visit.appointment.id} />
        </div>
      )}
    </>
  );
}

function RoomMessage({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mx-auto max-w-xl space-y-3 rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-slate-700">{children}</p>
    </section>
  );
}
