import { describe, expect, it } from "vitest";
import { describeFilter } from "@/lib/admin/session-filters";
import { MAX_BACK, sessionPageLinks, type SessionPageInput } from "@/lib/admin/session-pages";

/** The query of a link as a plain object. */
const query = (href: string | null) => (href === null ? null : Object.fromEntries(new URL(href, "http://x").searchParams));
/** Follows a link: what the page would parse from it. */
const follow = (href: string | null): SessionPageInput => query(href) as SessionPageInput;

describe("admin sessions pages", () => {
  it("keeps the filter and drops the cursor in filter links", () => {
    expect(describeFilter({ outcome: "completed", patient: "Ana", cursor: "abc", limit: 50 } as never)).toEqual({
      outcome: "completed",
      patient: "Ana",
    });
  });

  it("goes forward and back through the pages, the filter kept throughout", () => {
    const first = sessionPageLinks({ outcome: "no-show" }, "c1");
    expect([first.first, first.previous]).toEqual([null, null]);
    expect(query(first.next)).toEqual({ outcome: "no-show", cursor: "c1", back: "first" });

    const second = sessionPageLinks(follow(first.next), "c2");
    expect(query(second.first)).toEqual({ outcome: "no-show" });
    expect(query(second.previous)).toEqual({ outcome: "no-show" });
    expect(query(second.next)).toEqual({ outcome: "no-show", cursor: "c2", back: "first,c1" });

    const third = sessionPageLinks(follow(second.next), null);
    expect(third.next).toBeNull();
    expect(query(third.previous)).toEqual({ outcome: "no-show", cursor: "c1", back: "first" });
    const backToSecond = sessionPageLinks(follow(third.previous), "c2");
    expect(backToSecond.next).toBe(second.next);
  });

  it("remembers at most MAX_BACK pages, and from further on Previous still leads somewhere sensible", () => {
    let input: SessionPageInput = {};
    for (let page = 1; page <= MAX_BACK + 10; page++) input = follow(sessionPageLinks(input, `c${page}`).next);
    expect(input.back!.split(",")).toHaveLength(MAX_BACK);
    let steps = 0;
    while (input.cursor) {
      input = follow(sessionPageLinks(input, "ignored").previous);
      steps++;
    }
    expect(steps).toBe(MAX_BACK + 1); // back through the remembered pages, then to the first
  });

  it("sends a shared link without `back` one step back to the first page", () => {
    expect(query(sessionPageLinks({ cursor: "c7" }, "c8").previous)).toEqual({});
  });
});
