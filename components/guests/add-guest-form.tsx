"use client";

import { useId, useState } from "react";
import type { GuestView } from "@/lib/visits/visit-view";
import { visitsApi } from "@/lib/api-client/visits";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { GUEST_ROLES } from "@/components/guests/guest-words";

type Added = { guest: GuestView; link: string; email: string | null };

/**
 * Invites one guest to a visit: a name, a role, a detail (an interpreter's language) and, if given, an email
 * address the link is sent to. Afterwards it says what happened and shows the link with a Copy button, since
 * the one inviting may rather send it themselves (a text message, a phone call).
 * `fixedRole`: the patient invites a caregiver only.
 */
export function AddGuestForm({
  appointmentId,
  fixedRole,
  onAdded,
  onDone,
}: {
  appointmentId: string;
  fixedRole?: GuestView["role"];
  onAdded?: (guest: GuestView) => void;
  /** "Done" after an invitation; without it, the form shows again for another. */
  onDone?: () => void;
}) {
  const id = useId();
  const [role, setRole] = useState<GuestView["role"]>(fixedRole ?? "INTERPRETER");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [added, setAdded] = useState<Added | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const name = text("name");
    if (!name) return setFields({ name: "Please enter the guest's name." });
    const email = text("email");
    setSending(true);
    const result = await visitsApi.inviteGuest(appointmentId, {
      name,
      role,
      ...(text("detail") ? { detail: text("detail") } : {}),
      ...(email ? { email } : {}),
    });
    setSending(false);
    if (!result.ok) {
      setError(result.error);
      return setFields(result.fields);
    }
    setError(null);
    setFields({});
    setAdded({ ...result.data, email: email || null });
    onAdded?.(result.data.guest);
  }

  if (added) return <Invited added={added} onDone={onDone ?? (() => setAdded(null))} />;

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3" noValidate>
      {error && <Alert>{error}</Alert>}
      <Field label="Name" name="name" autoComplete="off" required error={fields.name} />
      {fixedRole ? null : (
        <div className="space-y-1">
          <label htmlFor={`${id}-role`} className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select
            id={`${id}-role`}
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as GuestView["role"])}
            className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900"
          >
            {GUEST_ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          {fields.role && <p className="text-sm text-red-700">{fields.role}</p>}
        </div>
      )}
      <Field
        label={role === "INTERPRETER" ? "Language" : "Detail (optional)"}
        name="detail"
        id={`${id}-detail`}
        autoComplete="off"
        hint={
          role === "INTERPRETER"
            ? "For example: Spanish. It is shown with their name."
            : "For example: daughter. It is shown with their name."
        }
        error={fields.detail}
      />
      <Field
        label="Email (optional)"
        name="email"
        id={`${id}-email`}
        type="email"
        autoComplete="off"
        hint="We email them the link. Leave it empty to send the link yourself."
        error={fields.email}
      />
      <Button type="submit" disabled={sending}>
        {sending ? "Adding…" : fixedRole === "CAREGIVER" ? "Invite caregiver" : "Add guest"}
      </Button>
    </form>
  );
}

function Invited({ added, onDone }: { added: Added; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const id = useId();
  async function copy() {
    try {
      await navigator.clipboard.writeText(added.link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div role="status" className="space-y-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-emerald-950" data-guest-invited>
      <p className="font-medium">
        {added.guest.name} is invited.{" "}
        {added.email ? `Invitation emailed to ${added.email}.` : "No email was sent: send them the link below."}
      </p>
      <div className="space-y-1">
        <label htmlFor={`${id}-link`} className="block text-sm">
          {added.email
            ? "You can also send them this link yourself. It opens this visit only, for them only:"
            : "Their link opens this visit only, for them only:"}
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id={`${id}-link`}
            readOnly
            value={added.link}
            onFocus={(e) => e.currentTarget.select()}
            className="min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900"
          />
          <Button type="button" variant="secondary" onClick={() => void copy()}>
            Copy link
          </Button>
        </div>
        {copied === true && <p className="text-sm">Copied. Paste it into a message to {added.guest.name}.</p>}
        {copied === false && <p className="text-sm">Could not copy here: select the link and copy it.</p>}
      </div>
      <Button type="button" variant="secondary" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
