"use client";

import { useEffect, useState } from "react";
import { formatInZone } from "@/lib/format-time";
import { SlotPicker } from "@/components/booking/slot-picker";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { sendJson } from "@/lib/api-client/send-json";

type Provider = { id: string; name: string; timeZone: string };
type Patient = { id: string; name: string; email: string; dateOfBirth: string | null; timeZone: string };
type Props = { providers: Provider[]; staffTimeZone: string };
type NewPatient = { name: string; email: string; phone: string; dateOfBirth: string; timeZone: string };

const input = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 min-h-11";

/** Staff book a visit for a patient: find them (name, email, date of birth) or enter a new one, pick a free time. */
export function BookForPatientForm({ providers, staffTimeZone }: Props) {
  const [providerId, setProviderId] = useState(providers[0]?.id ?? "");
  const provider = providers.find((p) => p.id === providerId);
  const [mode, setMode] = useState<"existing" | "new">("existing");
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<Patient[] | null>(null);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [fresh, setFresh] = useState<NewPatient>({ name: "", email: "", phone: "", dateOfBirth: "", timeZone: staffTimeZone });
  const [start, setStart] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  const searching = mode === "existing" && query.trim().length >= 2;
  useEffect(() => {
    if (!searching) return;
    const timer = setTimeout(async () => {
      const result = await sendJson<{ patients: Patient[] }>(`/api/staff/patients?q=${encodeURIComponent(query.trim())}`, "GET");
      setMatches(result.ok ? result.data.patients : []);
    }, 250);
    return () => clearTimeout(timer);
  }, [query, searching]);
  const shown = searching ? matches : null;

  const patientZone = mode === "existing" ? (patient?.timeZone ?? staffTimeZone) : fresh.timeZone;
  const ready =
    !!provider &&
    !!start &&
    reason.trim() !== "" &&
    (mode === "existing" ? !!patient : fresh.name.trim() !== "" && fresh.email.trim() !== "");

  async function book(event: React.FormEvent) {
    event.preventDefault();
    if (!provider || !start) return;
    setPending(true);
    setError(null);
    setErrors({});
    const who = mode === "existing" ? { patientId: patient?.id } : { newPatient: fresh };
    const result = await sendJson<{ id: string; patientName?: string }>("/api/staff/appointments", "POST", {
      providerId: provider.id,
      start,
      reason,
      ...who,
    });
    setPending(false);
    if (result.ok) {
      const name = result.data.patientName ?? "The patient";
      setDone(
        `Booked: ${name} with ${provider.name}, ${formatInZone(new Date(start), patientZone, { withZone: true })}. ${name} gets an email with their personal join link and a calendar file.`,
      );
      setStart(null);
      setReason("");
      setPatient(null);
      setFresh({ name: "", email: "", phone: "", dateOfBirth: "", timeZone: staffTimeZone });
      setReloadKey((k) => k + 1);
      return;
    }
    setError(result.error);
    setErrors(result.fields);
    if (result.status === 409 && Object.keys(result.fields).length === 0) {
      setStart(null);
      setReloadKey((k) => k + 1);
    }
  }

  const setNew = (key: keyof NewPatient) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setFresh({ ...fresh, [key]: e.target.value });

  return (
    <form onSubmit={book} className="space-y-8" noValidate>
      {done && <Alert tone="success">{done}</Alert>}
      {providers.length > 1 && (
        <div className="space-y-1">
          <label htmlFor="provider" className="block text-sm font-medium text-slate-800">
            Provider
          </label>
          <select id="provider" className={input} value={providerId} onChange={(e) => (setProviderId(e.target.value), setStart(null))}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">Patient</legend>
        <div className="flex flex-wrap gap-3" role="radiogroup" aria-label="Which patient">
          {(["existing", "new"] as const).map((m) => (
            <label key={m} className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-4">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {m === "existing" ? "An existing patient" : "A new patient"}
            </label>
          ))}
        </div>
        {mode === "existing" ? (
          <div className="space-y-3">
            <Field
              label="Find by name, email or date of birth (YYYY-MM-DD)"
              name="patientSearch"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoComplete="off"
            />
            {shown && shown.length === 0 && (
              <p className="text-slate-700">No patient matches. Check the spelling, or book for a new patient.</p>
            )}
            {shown && shown.length > 0 && (
              <ul className="space-y-2" aria-label="Matching patients">
                {shown.map((m) => (
                  <li key={m.id}>
                    <label className="flex min-h-11 cursor-pointer items-center gap-3 rounded-md border border-slate-200 px-3 py-2">
                      <input type="radio" name="patientId" value={m.id} checked={patient?.id === m.id} onChange={() => setPatient(m)} />
                      <span>
                        <span className="font-medium">{m.name}</span> · {m.email}
                        {m.dateOfBirth ? ` · born ${m.dateOfBirth}` : ""}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Full name"
              name="newName"
              value={fresh.name}
              onChange={setNew("name")}
              required
              autoComplete="off"
              error={errors["newPatient.name"]}
            />
            <Field
              label="Email (the invitation goes here)"
              name="newEmail"
              type="email"
              value={fresh.email}
              onChange={setNew("email")}
              required
              autoComplete="off"
              error={errors["newPatient.email"]}
            />
            <Field
              label="Phone (optional)"
              name="newPhone"
              type="tel"
              value={fresh.phone}
              onChange={setNew("phone")}
              autoComplete="off"
              error={errors["newPatient.phone"]}
            />
            <Field
              label="Date of birth (optional)"
              name="newDateOfBirth"
              type="date"
              value={fresh.dateOfBirth}
              onChange={setNew("dateOfBirth")}
              error={errors["newPatient.dateOfBirth"]}
            />
            <Field
              label="Patient's time zone"
              name="newTimeZone"
              value={fresh.timeZone}
              onChange={setNew("timeZone")}
              hint="Reminders show the time in this zone, e.g. Europe/London."
              error={errors["newPatient.timeZone"]}
            />
          </div>
        )}
      </fieldset>
      {provider && (
        <fieldset className="space-y-3">
          <legend className="text-lg font-semibold">Time</legend>
          <SlotPicker
            key={provider.id}
            providerId={provider.id}
            providerTimeZone={provider.timeZone}
            viewerTimeZone={patientZone}
            selected={start}
            onSelect={setStart}
            reloadKey={reloadKey}
          />
        </fieldset>
      )}
      <div className="space-y-1">
        <label htmlFor="reason" className="block text-sm font-medium text-slate-800">
          What is the visit about?
        </label>
        <textarea
          id="reason"
          name="reason"
          required
          maxLength={500}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
      </div>
      {error && <Alert>{error}</Alert>}
      <Button type="submit" className="min-h-11" disabled={pending || !ready}>
        {pending ? "Booking…" : "Book the visit and send the invitation"}
      </Button>
    </form>
  );
}
