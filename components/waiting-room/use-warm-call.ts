"use client";
/**
 * A waiting card's warm call (docs/decisions/0009-warm-connections.md): while the card is shown, the
 * dashboard joins the visit's presence channel and runs the provider's side of the call in standby, with no
 * camera and no tracks, so that ICE, DTLS and the SRTP keys are done before Admit. Admit (admit-handoff's
 * admit()) swaps the tracks in within the click, and the call view it opens takes this very session
 * (components/call/warm-calls.ts). Past the tab's cap (the ICE configuration's `warmMax`, from
 * WARM_CONNECTIONS_MAX) a visit waits for a free place and otherwise connects at Admit as before.
 *
 * The engine (simple-peer and its streams) is fetched once a card is shown, alongside the ICE configuration,
 * so the dashboard's first load stays as small as a page without a call.
 */
import { useEffect, useState } from "react";
import type { PresenceChannel } from "pusher-js";
import type { CallSession } from "@/lib/call-engine/call-session";
import { channels } from "@/lib/realtime/channels";
import { iceConfigInFlight, keptIceConfig, pendingAdmit } from "@/lib/admit-handoff/admit-handoff";
import {
  dropWarmCall,
  keepWarmCall,
  onWarmCallsChanged,
  openInAnotherTab,
  reclaimWarmCall,
  stillKept,
  warmCallsHeld,
} from "@/components/call/warm-calls";
import { useRealtime } from "@/components/realtime/realtime-provider";

/** When the ICE configuration could not be had: try again this much later. */
const RETRY_MS = 5000;

const loadEngine = () => Promise.all([import("@/lib/call-engine/call-session"), import("@/lib/call-engine/browser-deps")]);

export function useWarmCall(visit: { id: string; patientId: string; patientName: string }, providerId: string | undefined): void {
  const client = useRealtime();
  const [attempt, setAttempt] = useState(0);
  const { id, patientId, patientName } = visit;
  useEffect(() => {
    if (!client || !providerId) return;
    let live = true;
    let session: CallSession | null = null;
    let wait: (() => void) | null = null;
    const again = () => live && setAttempt((n) => n + 1);

    // This card's warm call now. Stopped from outside (the visit's page opened in another tab): wait to warm
    // again. Later, not now: the registry may be telling us while React renders another component.
    const hold = (warm: CallSession) => {
      session = warm;
      wait = onWarmCallsChanged(() => !stillKept(id, warm) && setTimeout(again, 0));
    };

    // Fetched alongside the ICE configuration. If the script cannot load (offline), Admit connects as before.
    const engine = loadEngine().catch(() => null);
    const begin = (max: number) =>
      void engine.then((loaded) => {
        if (!loaded) return;
        const [{ CallSession }, { browserDeps }] = loaded;
        // An Admit for this visit is on its way (a call view is about to open): that call is the visit's now.
        if (!live || max <= 0 || pendingAdmit(id) !== null) return;
        if (warmCallsHeld() >= max || openInAnotherTab(id)) {
          wait = onWarmCallsChanged(again); // another visit's place may free up, or that tab close
          return;
        }
        const name = channels.visit(id);
        const channel = client.subscribe(name) as PresenceChannel;
        const warm = new CallSession(
          {
            appointmentId: id,
            self: { id: providerId, role: "PROVIDER" },
            remotes: [{ id: patientId, role: "PATIENT", name: patientName, label: "", admitted: false }],
            transport: channel,
            standby: true,
            mediaAtAdmit: true,
          },
          browserDeps(),
        );
        const started = () => warm.start();
        // Stopped with Admit clicked, the visit page may be using the channel: it stays subscribed then.
        const stop = (keepChannel: boolean) => {
          channel.unbind("pusher:subscription_succeeded", started);
          warm.stop();
          if (!keepChannel) client.unsubscribe(name);
        };
        if (!keepWarmCall(id, max, warm, stop)) return stop(false); // the checks above make this unlikely
        hold(warm);
        channel.bind("pusher:subscription_succeeded", started);
        if (channel.subscribed) started();
      });

    // Back from another visit's call: this visit's call was parked, still warm (warm-calls.ts).
    const parked = reclaimWarmCall(id);
    const config = keptIceConfig(id);
    if (parked) hold(parked);
    else if (config) begin(config.warmMax ?? 0);
    else {
      const inFlight = iceConfigInFlight(id);
      if (inFlight) void inFlight.then((loaded) => (loaded ? begin(loaded.warmMax ?? 0) : setTimeout(again, RETRY_MS)));
      else setTimeout(again, RETRY_MS);
    }
    return () => {
      live = false;
      wait?.();
      if (session) dropWarmCall(id, session, pendingAdmit(id) !== null);
    };
  }, [client, providerId, id, patientId, patientName, attempt]);
}
