/** Line icons for the call's controls: decorative, each button says what it does in words beside it. */
const paths = {
  mic: "M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3Zm-7 9a7 7 0 0 0 14 0M12 19v3",
  micOff: "M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3Zm-7 9a7 7 0 0 0 14 0M12 19v3M3 3l18 18",
  camera: "M3 7h12v10H3zM15 10l6-3v10l-6-3",
  cameraOff: "M3 7h12v10H3zM15 10l6-3v10l-6-3M3 3l18 18",
  screen: "M3 4h18v12H3zM8 20h8M12 16v4",
  chat: "M4 4h16v12H8l-4 4z",
  leave: "M10 17l-5-5 5-5M5 12h11M14 4h5v16h-5",
} as const;

export type CallIconName = keyof typeof paths;

export function CallIcon({ name }: { name: CallIconName }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-6 w-6 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={paths[name]} />
    </svg>
  );
}
