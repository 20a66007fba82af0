import { SectionNav } from "@/components/ui/section-nav";

const links = [
  { href: "/dashboard", label: "Today", exact: true },
  { href: "/dashboard/book", label: "Book for a patient" },
  { href: "/schedule", label: "Schedule" },
] as const;

export function ProviderNav() {
  return <SectionNav label="Provider" links={links} />;
}
