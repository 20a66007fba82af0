/**
 * The worker behind every warm connection's encoded transforms in this tab (media-gate.ts). A sender's
 * transform drops the encoded video until Admit opens its gate (frame-gate.ts holds the rule); a
 * receiver's passes everything, says when the first frame came in, and at Admit asks the other side for a
 * key frame ("key"); the patient's asks the provider's gate for one every KEPT_KEY_EVERY_MS until then
 * ("keep"). Messages from the page name the transform: { id, op }.
 */
import { FrameGate, KEPT_KEY_EVERY_MS, type GatePassage } from "@/lib/call-engine/frame-gate";

// The worker's own globals (tsconfig's lib is the page's "dom").
type EncodedFrame = { type?: "key" | "delta" | "empty" };
type Transformer = {
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
  options: { id: number; side: "send" | "receive"; recentMs?: number };
  sendKeyFrameRequest?(): Promise<void>;
};
type Op = "open" | "key" | "keep";
type WorkerScope = {
  onrtctransform: ((event: { transformer: Transformer }) => void) | null;
  onmessage: ((event: MessageEvent<{ id: number; op: Op }>) => void) | null;
  postMessage(message: { ready: number } | { passed: number; by: GatePassage; afterMs: number } | { arrived: number; at: number }): void;
};
const scope = self as unknown as WorkerScope;

const handlers = new Map<number, (op: Op) => void>();
/** Messages for a transform not taken up yet (Admit right as the connection came up): applied when it is. */
const early = new Map<number, Op[]>();

function gateSender(transformer: Transformer): (op: Op) => void {
  const gate = new FrameGate<EncodedFrame>(transformer.options.recentMs);
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

function watchReceiver(transformer: Transformer): (op: Op) => void {
  const writer = transformer.writable.getWriter();
  let first = true;
  let keeping: ReturnType<typeof setInterval> | undefined;
  let admitted = false;
  const ask = () => void transformer.sendKeyFrameRequest?.().catch(() => undefined);
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
    .finally(() => {
      clearInterval(keeping);
      handlers.delete(transformer.options.id);
    });
  return (op) => {
    if (op === "keep" && !admitted) keeping ??= setInterval(ask, KEPT_KEY_EVERY_MS);
    if (op !== "key") return;
    admitted = true;
    clearInterval(keeping);
    ask();
  };
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
