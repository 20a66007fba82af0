/**
 * The people in a visit's call as this page sees them: everyone but oneself, from the visit's state
 * (VisitView), each with a name and a label for their tile ("Spanish interpreter", "Patient").
 *
 *   callPeople(visit, selfId)            - the remotes, provider and patient first, then guests in invitation order
 *   shownInCall(people, remotes)         - the ones who get a tile: admitted, and in the room or connected once
 *   initials("Maria Garcia") === "MG"
 */
import type { Participant } from "@/lib/call-engine/call-session";
import type { RemoteState } from "@/lib/call-engine/remote-link";
import type { GuestView, VisitView } from "@/lib/visits/visit-view";

/** A person in the call as the engine takes them (its Participant). */
export type CallPerson = Participant;

const guestPerson = (g: GuestView): CallPerson => ({
  id: g.id,
  role: "GUEST",
  name: g.name,
  label: g.label,
  admitted: g.admittedAt !== null,
});

export function callPeople(visit: VisitView, selfId: string): CallPerson[] {
  const provider: CallPerson = { id: visit.provider.id, role: "PROVIDER", name: visit.provider.name, label: "Provider", admitted: true };
  // A guest's view of the visit carries the guest's own admission, not the patient's: the patient counts as
  // admitted here, and the patient's own page (which knows) decides whether their link to the guest runs.
  const patientAdmitted = visit.role === "GUEST" ? true : visit.admittedAt !== null;
  const patient: CallPerson = {
    id: visit.patient.id,
    role: "PATIENT",
    name: visit.patient.name,
    label: "Patient",
    admitted: patientAdmitted,
  };
  return [provider, patient, ...visit.guests.map(guestPerson)].filter((p) => p.id !== selfId);
}

/**
 * Who gets a tile: the main other person (the patient for the provider, else the provider) unless `mainShown`
 * is false (the provider let a guest in before the patient), and admitted people who are in the room or whose
 * link is (or was) up. Until a guest is let in this is only the main one, so the one-to-one layout stays.
 */
export function shownInCall(
  people: CallPerson[],
  remotes: Readonly<Record<string, RemoteState | undefined>>,
  mainId: string,
  mainShown = true,
  selfRole: CallPerson["role"] = "PROVIDER",
): CallPerson[] {
  return people.filter((p) => {
    if (p.id === mainId) return mainShown;
    const remote = remotes[p.id];
    // A guest does not know whether the patient has been let in yet (see callPeople): a tile once their link is up.
    if (selfRole === "GUEST" && p.role === "PATIENT") return remote !== undefined && remote.firstConnectedAt !== null;
    return p.admitted && remote !== undefined && (remote.present || remote.firstConnectedAt !== null);
  });
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? "";
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}
