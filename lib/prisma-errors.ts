// Prisma wraps PostgreSQL errors; these read the codes without importing the generated client's classes.
function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } };
  return typeof e.code === "string" ? e.code : undefined;
}

function causeOf(error: unknown): { originalCode?: unknown; kind?: unknown } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } }).meta?.driverAdapterError
    ?.cause;
}

/** A unique index refused the row (Prisma P2002, PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === "P2002" || causeOf(error)?.originalCode === "23505";
}

/** An exclusion constraint refused the row (PostgreSQL 23P01), e.g. two appointments overlapping. */
function isExclusionViolation(error: unknown): boolean {
  const cause = causeOf(error);
  if (cause?.originalCode === "23P01") return true;
  return error instanceof Error && /23P01|conflicting key value violates exclusion constraint/.test(error.message);
}

/**
 * Two transactions inserting overlapping rows at the same moment can each wait for the other inside the
 * exclusion check; PostgreSQL then aborts one of them (40P01, Prisma P2034). For a single-statement booking
 * or move that only happens when someone else's overlapping row is winning: the same as losing the race.
 */
export function isLostOverlapRace(error: unknown): boolean {
  if (isExclusionViolation(error)) return true;
  return codeOf(error) === "P2034" || causeOf(error)?.originalCode === "40P01";
}
