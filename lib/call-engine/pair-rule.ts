/**
 * Who does what in each pair of a call of up to four people (provider, patient, up to two guests).
 * Each pair has its own peer; exactly one side of it offers.
 *
 *   offers(self, remote): boolean          - the provider offers to everyone; the patient to guests;
 *                                            between two guests, the smaller user id
 *   pairRuns(self, remote, selfAdmitted)   - whether the pair's link may run now: a pair with the provider
 *                                            always (the provider's side waits in standby until the other is
 *                                            admitted, as one-to-one calls do); two non-providers only while
 *                                            both are admitted
 *   pairMayWarm(self, remote): boolean     - warm connections (docs/decisions/0009) for provider and patient only
 *
 * Pure: no browser, no server.
 */

export type PairRole = "PATIENT" | "PROVIDER" | "GUEST";
export type PairSide = { id: string; role: PairRole };

const rank: Record<PairRole, number> = { PROVIDER: 0, PATIENT: 1, GUEST: 2 };

export function offers(self: PairSide, remote: PairSide): boolean {
  if (rank[self.role] !== rank[remote.role]) return rank[self.role] < rank[remote.role];
  // Two guests (or, defensively, two of any same role): one fixed, shared answer both sides compute alike.
  return self.id < remote.id;
}

export function pairRuns(self: PairSide, remote: PairSide & { admitted: boolean }, selfAdmitted: boolean): boolean {
  if (self.role === "PROVIDER" || remote.role === "PROVIDER") return true;
  return selfAdmitted && remote.admitted;
}

export function pairMayWarm(self: PairSide, remote: PairSide): boolean {
  const roles = new Set([self.role, remote.role]);
  return roles.has("PROVIDER") && roles.has("PATIENT");
}
