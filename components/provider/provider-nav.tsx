import { SectionNav } from "@/components/ui/section-nav";

const links = [
  { href: "/dashboard", label: "Today" },
  { href: "/schedule", label: "Schedule" },
] as const;

export function ProviderNav() {
  return <SectionNav label="Provider" links={links} />;
}
