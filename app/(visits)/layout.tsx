import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { realtimeClientConfig } from "@/lib/realtime/pusher";

export default function LiveLayout({ children }: { children: React.ReactNode }) {
  return <RealtimeProvider config={realtimeClientConfig()}>{children}</RealtimeProvider>;
}
