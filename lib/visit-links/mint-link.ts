import { db } from "@/lib/db";
import { appUrl } from "@/lib/app-url";
import { hashLinkToken, newLinkToken } from "@/lib/visit-links/token";

type Tx = Pick<typeof db, "visitLink">;

/**
 * A new personal join link for one person and one appointment. The token exists only in the returned URL
 * (which goes straight into an email); the database keeps its hash. Called when the email is made, so a
 * queued job never holds a working link.
 */
export async function mintVisitLink(options: { appointmentId: string; userId: string; purpose: string }, tx: Tx = db): Promise<string> {
  const token = newLinkToken();
  await tx.visitLink.create({
    data: { appointmentId: options.appointmentId, userId: options.userId, purpose: options.purpose, tokenHash: hashLinkToken(token) },
  });
  return appUrl(`/join/${token}`);
}
