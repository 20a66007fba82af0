/** The patient's date of birth as a provider reads it to confirm who they are seeing ("YYYY-MM-DD" in). */
export function DateOfBirth({ value, className = "" }: { value: string | null | undefined; className?: string }) {
  if (!value) return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return null;
  const words = date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <span data-testid="date-of-birth" className={className}>
      Date of birth: {words}
    </span>
  );
}
