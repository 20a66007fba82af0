/** A DATE column as "YYYY-MM-DD" (Prisma reads it as UTC midnight); null stays null. */
export const dateKey = (date: Date | null): string | null => (date ? date.toISOString().slice(0, 10) : null);
