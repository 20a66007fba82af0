import type { ChannelViewer } from "@/lib/realtime/channel-rules";

/**
 * Who may be in a visit room. The visit room arrives with the waiting-room work; until then nobody
 * may subscribe, which keeps the rule closed by default.
 */
export async function mayJoinVisit(_viewer: ChannelViewer, _appointmentId: string): Promise<boolean> {
  return false;
}
