"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { sendJson } from "@/lib/api-client/send-json";

/** For a patient the clinic invited: an optional password, to sign in later and see every visit. */
export function SetPasswordForm({ appointmentId }: { appointmentId: string }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!open) {
    return (
      <p className="text-sm text-slate-700">
        You came in with your personal link, so no password is needed.{" "}
        <button type="button" className="min-h-11 text-brand-700 underline" onClick={() => setOpen(true)}>
          Set a password (optional)
        </button>
      </p>
    );
  }
  async function save(event: React.FormEvent) {
    event.preventDefault();
    const result = await sendJson<unknown>("/api/account/first-password", "POST", { appointmentId, password });
    setMessage(
      result.ok
        ? { ok: true, text: "Saved. Next time you can also sign in with your email and this password." }
        : { ok: false, text: result.fields.password ?? result.error },
    );
  }
  return (
    <form onSubmit={save} className="space-y-2 rounded-md border border-slate-200 bg-white p-4">
      <label htmlFor="new-password" className="block text-sm font-medium text-slate-800">
        New password (at least 10 characters)
      </label>
      <input
        id="new-password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        className="block w-full min-h-11 rounded-md border border-slate-300 px-3"
      />
      {message && <Alert tone={message.ok ? "success" : "error"}>{message.text}</Alert>}
      <Button type="submit" className="min-h-11" disabled={password.length < 10}>
        Save password
      </Button>
    </form>
  );
}
