import type { ClinicContact } from "@/lib/clinic/clinic-contact-input";

/** How to reach the clinic, in a sentence a patient can act on: tap to call or write. */
export function ClinicContactDetails({ contact, lead = "Please contact the clinic" }: { contact: ClinicContact; lead?: string }) {
  const { phone, email, hours } = contact;
  if (!phone && !email) {
    // No details published yet: say so rather than invent a way in (a reply to a no-reply address).
    return <span data-clinic-contact="unset">{lead} directly; the clinic has not yet added its phone number or email here.</span>;
  }
  return (
    <span data-clinic-contact="set">
      {lead}
      {phone ? (
        <>
          {" "}
          by phone on{" "}
          <a href={`tel:${phone.replace(/[^\d+]/g, "")}`} className="tap-inline font-semibold whitespace-nowrap text-brand-700 underline">
            {phone}
          </a>
        </>
      ) : null}
      {phone && email ? " or" : ""}
      {email ? (
        <>
          {" "}
          by email at{" "}
          <a href={`mailto:${email}`} className="tap-inline font-semibold text-brand-700 underline">
            {email}
          </a>
        </>
      ) : null}
      .{hours ? ` Opening hours: ${hours}.` : ""}
    </span>
  );
}
