/**
 * The local side of a call: camera and microphone, mute, camera off, device switching and screen share.
 *
 * `outgoing` is what should be sent right now ({ audio, video }, video = the screen while sharing); the
 * session hands it to each new peer and swaps it into the running ones with replaceTrack, so none of
 * these controls renegotiates. Mute and camera off disable the track (the other side gets silence and
 * black frames, plus an indicator through the data channel) rather than stopping it, so turning them
 * back on is instant. Every track is stopped by stop().
 */
import type { Handoff, MediaDevicesLike, Outgoing } from "@/lib/call-engine/types";

export type DeviceOption = { deviceId: string; label: string };

export type LocalMediaState = {
  /** Camera and microphone settled (granted or refused). */
  ready: boolean;
  problem: string | null;
  outgoing: Outgoing;
  camera: MediaStreamTrack | null;
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  devices: { cameras: DeviceOption[]; microphones: DeviceOption[] };
  selectedCamera: string;
  selectedMicrophone: string;
  canShare: boolean;
};

/** What the call asks of the camera (the Admit hand-off's warm camera asks the same). */
export const CALL_VIDEO: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } };

const hasBoth = (s: MediaStream | null | undefined): boolean => !!s && s.getAudioTracks().length > 0 && s.getVideoTracks().length > 0;

export class LocalMedia {
  private mic: MediaStreamTrack | null = null;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private muted = false;
  private cameraOff = false;
  private ready = false;
  private problem: string | null = null;
  private devices: LocalMediaState["devices"] = { cameras: [], microphones: [] };
  private readonly owned = new Set<MediaStreamTrack>();
  /** Opened at Admit a moment ago: ready from the first render, so the offer need not wait for one. */
  private adopted: MediaStream | null;
  private generation = 0;
  private view: LocalMediaState;

  /**
   * `later`: take nothing now, not even a camera opened at Admit (the dashboard's warm call is made while
   * its preview holds the camera, and takes it only when its Admit starts it).
   */
  constructor(
    private readonly media: MediaDevicesLike | null,
    private readonly handoff: Pick<Handoff, "takeOpenedCamera" | "takeWarmCamera">,
    private readonly changed: () => void,
    { later = false }: { later?: boolean } = {},
  ) {
    this.adopted = null;
    if (!later) this.adoptOpened();
    this.view = this.compute();
  }

  private adoptOpened(): void {
    this.adopted = this.media ? this.handoff.takeOpenedCamera() : null;
    if (!this.adopted) return;
    this.mic = this.adopted.getAudioTracks()[0] ?? null;
    this.camera = this.adopted.getVideoTracks()[0] ?? null;
    this.ready = true;
  }

  get state(): LocalMediaState {
    return this.view;
  }

  /** Opens camera and microphone (or takes the adopted ones). */
  start(): void {
    const mine = ++this.generation;
    // Made `later`: the camera opened for Admit, if it is open by now.
    const late = !this.ready && !this.adopted;
    if (late) this.adoptOpened();
    const taken = this.adopted;
    this.adopted = null; // once: after stop() (unmount, or React's development double run) it is stopped
    if (taken && taken.getTracks().every((t) => t.readyState === "live")) {
      taken.getTracks().forEach((t) => this.own(t));
      if (late) this.update();
      void this.listDevices();
      return;
    }
    void this.firstStream().then(({ stream, problem }) => {
      if (mine !== this.generation) return stream?.getTracks().forEach((t) => t.stop());
      this.mic = this.own(stream?.getAudioTracks()[0]);
      this.camera = this.own(stream?.getVideoTracks()[0]);
      this.problem = problem;
      this.ready = true;
      this.update();
      void this.listDevices();
    });
  }

  /** The visit is over or the page goes: camera and microphone off now. */
  stop(): void {
    this.generation++;
    for (const track of this.owned) track.stop();
    this.owned.clear();
  }

  toggleMute = (): void => {
    this.muted = !this.muted;
    this.update();
  };

  toggleCamera = (): void => {
    this.cameraOff = !this.cameraOff;
    this.update();
  };

  switchDevice = async (kind: "audio" | "video", deviceId: string): Promise<void> => {
    if (!this.media) return;
    const constraints =
      kind === "audio" ? { audio: { deviceId: { exact: deviceId } } } : { video: { ...CALL_VIDEO, deviceId: { exact: deviceId } } };
    try {
      const stream = await this.media.getUserMedia(constraints);
      const track = this.own(kind === "audio" ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0]);
      if (!track) return;
      if (kind === "audio") {
        this.release(this.mic);
        this.mic = track;
      } else {
        this.release(this.camera);
        this.camera = track;
      }
      this.problem = null;
    } catch {
      this.problem = kind === "audio" ? "That microphone could not be started." : "That camera could not be started.";
    }
    this.update();
  };

  startShare = async (): Promise<void> => {
    try {
      const stream = await this.media?.getDisplayMedia?.({ video: true, audio: false });
      const track = this.own(stream?.getVideoTracks()[0]);
      if (!track) return;
      // The browser's own "Stop sharing" ends the track: back to the camera.
      track.addEventListener("ended", () => {
        this.release(track);
        if (this.screen === track) this.screen = null;
        this.update();
      });
      this.release(this.screen);
      this.screen = track;
      this.update();
    } catch {
      // The person closed the picker or the browser refused: nothing changes.
    }
  };

  stopShare = (): void => {
    this.release(this.screen);
    this.screen = null;
    this.update();
  };

  private async firstStream(): Promise<{ stream: MediaStream | null; problem: string | null }> {
    // Opened a moment before Admit (the Admit hand-off): take it rather than open the camera a second time.
    const warmed = this.media ? await this.handoff.takeWarmCamera() : null;
    if (warmed && hasBoth(warmed)) return { stream: warmed, problem: null };
    warmed?.getTracks().forEach((t) => t.stop());
    const attempts: [MediaStreamConstraints, string | null][] = [
      [{ audio: true, video: CALL_VIDEO }, null],
      [
        { audio: true },
        "Your camera is not available: the other side will hear you but not see you. To turn it on, allow it from the camera or padlock icon in the address bar, then reload this page.",
      ],
      [
        { video: CALL_VIDEO },
        "Your microphone is not available: the other side will see you but not hear you. To turn it on, allow it from the camera or padlock icon in the address bar, then reload this page.",
      ],
    ];
    for (const [constraints, problem] of this.media ? attempts : []) {
      try {
        return { stream: await this.media!.getUserMedia(constraints), problem };
      } catch {
        // try the next, smaller request
      }
    }
    return {
      stream: null,
      problem:
        "Your camera and microphone are not available. To turn them on, allow them from the camera or padlock icon in the address bar, then reload this page.",
    };
  }

  private async listDevices(): Promise<void> {
    const all = (await this.media?.enumerateDevices().catch(() => [] as MediaDeviceInfo[])) ?? [];
    const pick = (kind: MediaDeviceKind, fallback: string) =>
      all.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
    this.devices = { cameras: pick("videoinput", "Camera"), microphones: pick("audioinput", "Microphone") };
    this.update();
  }

  private own(track: MediaStreamTrack | null | undefined): MediaStreamTrack | null {
    if (track) this.owned.add(track);
    return track ?? null;
  }

  private release(track: MediaStreamTrack | null): void {
    if (!track) return;
    track.stop();
    this.owned.delete(track);
  }

  private update(): void {
    this.view = this.compute();
    this.changed();
  }

  private compute(): LocalMediaState {
    // Also applies to a track that a device switch just brought in.
    if (this.mic) this.mic.enabled = !this.muted;
    if (this.camera) this.camera.enabled = !this.cameraOff;
    return {
      ready: this.ready,
      problem: this.problem,
      outgoing: { audio: this.mic, video: this.screen ?? this.camera },
      camera: this.camera,
      muted: this.muted,
      cameraOff: this.cameraOff,
      sharing: this.screen !== null,
      devices: this.devices,
      selectedCamera: this.camera?.getSettings().deviceId ?? "",
      selectedMicrophone: this.mic?.getSettings().deviceId ?? "",
      canShare: typeof this.media?.getDisplayMedia === "function",
    };
  }
}
