// The words of every email Consult sends, as plain text and a simple accessible HTML part. Pure.
import { formatInZone } from "@/lib/format-time";

export type EmailKind = "booked" | "invitation" | "rescheduled" | "cancelled" | "reminder" | "new-link";

export type VisitEmailInput = {
  kind: EmailKind;
  recipientName: string;
  recipientTimeZone: string;
  /** The provider's name for a patient's email; the patient's for the provider's copy. */
  otherName: string;
  start: Date;
  /** The personal one-tap join link (patients), or the visit room's address (providers). */
  joinUrl: string;
  /** Links to move or cancel, only when the rules still allow it. */
  rescheduleUrl?: string;
  cancelUrl?: string;
  cancelReason?: string | null;
  bookedByName?: string;
  /** Contact details of the clinic, when the project has them; otherwise a generic line. */
  clinicContact?: string | null;
  /** Set when the account has no password yet: where to set one (optional). */
  passwordNote?: boolean;
};

export type ComposedEmail = { subject: string; text: string; html: string };

const subjects: Record<EmailKind, (i: VisitEmailInput, when: string) => string> = {
  booked: (i, when) => `Your video visit with ${i.otherName} is booked: ${when}`,
  invitation: (i, when) => `${i.otherName} booked a video visit for you: ${when}`,
  rescheduled: (i, when) => `Your video visit with ${i.otherName} has moved to ${when}`,
  cancelled: (i, when) => `Cancelled: your video visit with ${i.otherName} on ${when}`,
  reminder: (i, when) => `Reminder: video visit with ${i.otherName}, ${when}`,
  "new-link": (i, when) => `A new link for your video visit with ${i.otherName}: ${when}`,
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

type Block = { text: string } | { link: string; label: string; primary?: boolean };

function blocks(i: VisitEmailInput, when: string): Block[] {
  const contact = i.clinicContact
    ? `Questions? Contact the clinic: ${i.clinicContact}`
    : "Questions? Contact the clinic that booked your visit.";
  if (i.kind === "cancelled") {
    return [
      { text: `Hello ${i.recipientName},` },
      { text: `The video visit with ${i.otherName} on ${when} is cancelled. Your visit link no longer works.` },
      ...(i.cancelReason ? [{ text: `Reason given: ${i.cancelReason}` }] : []),
      { text: contact },
    ];
  }
  const intro: Record<Exclude<EmailKind, "cancelled">, string> = {
    booked: `Your video visit with ${i.otherName} is booked for ${when}.`,
    invitation: `${i.bookedByName ?? i.otherName} booked a video visit for you with ${i.otherName} on ${when}.`,
    rescheduled: `Your video visit with ${i.otherName} has moved. The new time is ${when}.`,
    reminder: `This is a reminder of your video visit with ${i.otherName} on ${when}.`,
    "new-link": `Here is a new link for your video visit with ${i.otherName} on ${when}. Links we sent you before no longer work.`,
  };
  const out: Block[] = [
    { text: `Hello ${i.recipientName},` },
    { text: intro[i.kind] },
    {
      text: "On the day, open this link on your phone or computer. You do not need a password or an app. The room opens 15 minutes before the start.",
    },
    { link: i.joinUrl, label: "Join the video visit", primary: true },
    { text: "This link is personal: please do not share it. The calendar file attached adds the visit to your calendar." },
  ];
  if (i.rescheduleUrl) out.push({ link: i.rescheduleUrl, label: "Move to another time" });
  if (i.cancelUrl) out.push({ link: i.cancelUrl, label: "Cancel the visit" });
  if (i.passwordNote)
    out.push({ text: "You can also set a password later from the visit page, to see all your visits. You do not have to." });
  out.push({ text: contact });
  return out;
}

export function composeVisitEmail(input: VisitEmailInput): ComposedEmail {
  const when = formatInZone(input.start, input.recipientTimeZone, { withZone: true });
  const body = blocks(input, when);
  const text = body.map((b) => ("text" in b ? b.text : `${b.label}: ${b.link}`)).join("\n\n") + "\n";
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(subjects[input.kind](input, when))}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:18px;line-height:1.5;color:#0f172a;max-width:36em;margin:0 auto;padding:16px">',
    ...body.map((b) =>
      "text" in b
        ? `<p>${escapeHtml(b.text)}</p>`
        : b.primary
          ? `<p><a href="${escapeHtml(b.link)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:14px 22px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(b.label)}</a></p>`
          : `<p><a href="${escapeHtml(b.link)}" style="color:#1d4ed8">${escapeHtml(b.label)}</a></p>`,
    ),
    "</body></html>",
  ].join("\n");
  return { subject: subjects[input.kind](input, when), text, html };
}
