"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { MAX_CHAT_CHARS, cleanChatText, type ChatLine } from "@/lib/call/data-messages";

/** Chat over the call's data channel: it goes straight to the other browser and is never stored. */
export function ChatPanel(props: {
  lines: readonly ChatLine[];
  otherName: string;
  /** Who wrote a line that is not mine (several people in the call); otherwise `otherName`. */
  authorOf?: (line: ChatLine) => string;
  connected: boolean;
  onSend(text: string): boolean;
  /** On a phone chat opens over part of the picture, never over the controls, and closes again. */
  open: boolean;
  onClose(): void;
  children?: React.ReactNode;
}) {
  const [draft, setDraft] = useState("");
  const [failed, setFailed] = useState(false);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const text = cleanChatText(draft);
    if (!text) return;
    const sent = props.onSend(text);
    setFailed(!sent);
    if (sent) setDraft("");
  };

  return (
    <section
      aria-labelledby="chat-heading"
      data-testid="chat-panel"
      data-open={props.open}
      className="call-panel flex flex-col overflow-hidden rounded-lg border border-slate-200 bg-white text-slate-900"
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 pl-3">
        <h2 id="chat-heading" className="py-2 text-base font-semibold text-slate-800">
          Chat
        </h2>
        <button type="button" onClick={props.onClose} className="call-phone-only px-3 text-sm font-medium text-brand-700 underline">
          Close chat
        </button>
      </div>
      <ol aria-live="polite" data-testid="chat-lines" className="min-h-0 flex-1 space-y-2 overflow-y-auto px-3 py-2 text-base">
        {props.lines.length === 0 && <li className="text-slate-500">Messages go directly to {props.otherName} and are not saved.</li>}
        {props.lines.map((line) => (
          <li key={line.id} data-mine={line.mine} className={line.mine ? "text-right" : ""}>
            <span className="block text-xs text-slate-500">{line.mine ? "You" : (props.authorOf?.(line) ?? props.otherName)}</span>
            <span
              className={`inline-block whitespace-pre-wrap break-words rounded px-2 py-1 ${line.mine ? "bg-brand-50 text-brand-900" : "bg-slate-100 text-slate-900"}`}
            >
              {line.text}
            </span>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="flex gap-2 border-t border-slate-200 p-2">
        <label htmlFor="chat-message" className="sr-only">
          Message to {props.otherName}
        </label>
        <input
          id="chat-message"
          value={draft}
          maxLength={MAX_CHAT_CHARS}
          onChange={(e) => setDraft(e.target.value)}
          autoComplete="off"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-base"
        />
        <Button type="submit" disabled={!props.connected || !draft.trim()}>
          Send
        </Button>
      </form>
      {(failed || !props.connected) && <p className="px-3 pb-2 text-sm text-slate-600">Chat works while you are connected.</p>}
      {props.children}
    </section>
  );
}
