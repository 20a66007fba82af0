/**
 * The worker behind every warm connection's encoded transforms in this tab (media-gate.ts). A sender's
 * transform drops the encoded video until Admit opens its gate (frame-gate.ts holds the rule); a
 * receiver's passes everything, says when the first frame came in, and at Admit asks the other side for a
 * key frame. Messages from the page name the transform: { id, op: "open" | "key" }.
 */
import { FrameGate, type GatePassage } from "@/lib/call-engine/frame-gate";

// The worker's own globals (tsconfig's lib is the page's "dom").
type EncodedFrame = { type?: "key" | "delta" | "empty" };
type Transformer = {
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
  options: { id: number; side: "send" | "receive" };
  sendKeyFrameRequest?(): Promise<void>;
};
type WorkerScope = {
  onrtctransform: ((event: { transformer: Transformer }) => void) | null;
  onmessage: ((event: MessageEvent<{ id: number; op: "open" | "key" }>) => void) | null;
  postMessage(message: { ready: number } | { passed: number; by: GatePassage; afterMs: number } | { arrived: number; at: number }): void;
};
const scope = self as unknown as WorkerScope;

const handlers = new Map<number, (op: "open" | "key") => void>();
/** Messages for a transform not taken up yet (Admit right as the connection came up): applied when it is. */
const early = new Map<number, ("open" | "key")[]>();

function gateSender(transformer: Transformer): (op: "open" | "key") => void {
  const gate = new FrameGate<EncodedFrame>();
  const writer = transformer.writable.getWriter();
  let openedAt = 0;
  let told = false;
  const send = (frames: EncodedFrame[]) => {
    frames.forEach((frame) => void writer.write(frame).catch(() => undefined));
    if (told || !gate.passedBy) return;
    told = true;
    scope.postMessage({ passed: transformer.options.id, by: gate.passedBy, afterMs: performance.now() - openedAt });
  };
  void transformer.readable
    .pipeTo(new WritableStream({ write: (frame) => send(gate.frame(frame, frame.type === "key", performance.now())) }))
    .catch(() => undefined)
    .finally(() => handlers.delete(transformer.options.id));
  return (op) => {
    if (op !== "open") return;
    openedAt = performance.now();
    send(gate.open(openedAt));
  };
}

function watchReceiver(transformer: Transformer): (op: "open" | "key") => void {
  const writer = transformer.writable.getWriter();
  let first = true;
  void transformer.readable
    .pipeTo(
      new WritableStream({
        write: (frame) => {
          // When the other side's first video came in (wall-clock ms: the page's clock has another origin).
          if (first) scope.postMessage({ arrived: transformer.options.id, at: performance.timeOrigin + performance.now() });
          first = false;
          return writer.write(frame);
        },
      }),
    )
    .catch(() => undefined)
    .finally(() => handlers.delete(transformer.options.id));
  return (op) => op === "key" && void transformer.sendKeyFrameRequest?.().catch(() => undefined);
}

scope.onrtctransform = ({ transformer }) => {
  const { id, side } = transformer.options;
  const handle = side === "send" ? gateSender(transformer) : watchReceiver(transformer);
  handlers.set(id, handle);
  early.get(id)?.forEach(handle);
  early.delete(id);
  // Until a transform is taken up here, Chromium sends the encoder's frames straight on: the page primes
  // the sender only after this.
  scope.postMessage({ ready: id });
};

scope.onmessage = ({ data }) => {
  const handle = handlers.get(data.id);
  if (handle) handle(data.op);
  else early.set(data.id, [...(early.get(data.id) ?? []), data.op]);
};
