import type { UserRole } from "@/lib/schemas/user";
import { parseChannel } from "@/lib/realtime/channels";

export type ChannelViewer = { id: string; role: UserRole };

export type ChannelRuleDeps = {
  /** May this user be in this appointment's visit room now? (participant, inside the join window) */
  mayJoinVisit(viewer: ChannelViewer, appointmentId: string): Promise<boolean>;
};

/** The one rule book for who may subscribe to which channel; anything it does not name is refused. */
export async function maySubscribe(viewer: ChannelViewer, channelName: string, deps: ChannelRuleDeps): Promise<boolean> {
  const channel = parseChannel(channelName);
  if (!channel) return false;
  switch (channel.kind) {
    case "user":
      return channel.userId === viewer.id;
    case "provider":
      return viewer.role === "PROVIDER" && channel.providerId === viewer.id;
    case "visit":
      return deps.mayJoinVisit(viewer, channel.appointmentId);
  }
}
