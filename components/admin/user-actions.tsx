"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { sendJson } from "@/lib/api-client/send-json";

type Props = { user: { id: string; name: string; role: "PATIENT" | "PROVIDER" | "ADMIN"; active: boolean }; self: boolean };

/** Change the role or (de)activate one user; either ends that user's current sessions. */
export function UserActions({ user, self }: Props) {
  const router = useRouter();
  const [role, setRole] = useState(user.role);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [confirmingAdmin, setConfirmingAdmin] = useState(false);
  if (self) return <span className="text-xs text-slate-700">This is you</span>;

  async function change(body: { role: string } | { active: boolean }) {
    setPending(true);
    setError(null);
    const result = await sendJson<unknown>(`/api/admin/users/${encodeURIComponent(user.id)}`, "PATCH", body);
    setPending(false);
    setConfirming(false);
    setConfirmingAdmin(false);
    if (result.ok) return router.refresh();
    setError(result.error);
  }

  const selectId = `role-${user.id}`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={selectId} className="sr-only">
        Role for {user.name}
      </label>
      <select
        id={selectId}
        value={role}
        onChange={(e) => setRole(e.target.value as Props["user"]["role"])}
        className="rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        <option value="PATIENT">Patient</option>
        <option value="PROVIDER">Provider</option>
        <option value="ADMIN">Admin</option>
      </select>
      <Button
        variant="secondary"
        className="!px-3"
        disabled={pending || role === user.role}
        onClick={() => (role === "ADMIN" ? setConfirmingAdmin(true) : change({ role }))}
        aria-label={`Save role for ${user.name}`}
      >
        Save role
      </Button>
      {confirmingAdmin ? (
        // Admin is the widest access there is: say what it grants before anyone gets it.
        <div
          role="group"
          aria-label={`Confirm making ${user.name} an admin`}
          className="w-full space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          <p className="font-semibold">Make {user.name} an admin?</p>
          <p>
            Admins see every visit&apos;s details and timeline, export sessions with patients&apos; names, create providers, and change
            anyone&apos;s role or access. {user.name} is signed out now and signs in again as an admin.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" disabled={pending} onClick={() => change({ role: "ADMIN" })}>
              Yes, make {user.name} an admin
            </Button>
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => {
                setConfirmingAdmin(false);
                setRole(user.role);
              }}
            >
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
      {!user.active ? (
        <Button
          variant="secondary"
          className="!px-3"
          disabled={pending}
          onClick={() => change({ active: true })}
          aria-label={`Reactivate ${user.name}`}
        >
          Reactivate
        </Button>
      ) : confirming ? (
        // A second, explicit step: deactivating signs the person out at once and stops their bookings and visits.
        <span role="group" aria-label={`Confirm deactivating ${user.name}`} className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-800">Sign {user.name} out and stop their access?</span>
          <Button variant="danger" className="!px-3" disabled={pending} onClick={() => change({ active: false })}>
            Yes, deactivate
          </Button>
          <Button variant="secondary" className="!px-3" disabled={pending} onClick={() => setConfirming(false)}>
            Keep active
          </Button>
        </span>
      ) : (
        <Button
          variant="danger"
          className="!px-3"
          disabled={pending}
          onClick={() => setConfirming(true)}
          aria-label={`Deactivate ${user.name}`}
        >
          Deactivate
        </Button>
      )}
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
