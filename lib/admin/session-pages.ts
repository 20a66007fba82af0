import { z } from "@/lib/validation/zod";
import { queryString } from "@/lib/admin/search-params";
import { describeFilter, sessionPageSchema, type SessionFilterInput } from "@/lib/admin/session-filters";

/**
 * Links between pages of the admin sessions list. The list pages by keyset cursor, which only goes
 * forward, so each link carries `back`: the cursors of the pages before it (`first` for the first), the
 * newest last. Kept to the last MAX_BACK pages; from further on, Previous leads to the first page.
 */
export const FIRST = "first";
export const MAX_BACK = 30;

export type SessionPageInput = SessionFilterInput & { cursor?: string; back?: string };

/** The list page's query: the API's (filter, cursor, limit) plus `back`. */
export const sessionListPageSchema = sessionPageSchema.extend({
  back: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .max(MAX_BACK * 301, "is not from this list")
      .regex(/^[A-Za-z0-9_,-]*$/, "is not from this list")
      .optional(),
  ),
});
export type SessionPageLinks = { first: string | null; previous: string | null; next: string | null };

export function sessionPageLinks(input: SessionPageInput, nextCursor: string | null, path = "/admin/sessions"): SessionPageLinks {
  const filter = describeFilter(input);
  const back = input.back ? input.back.split(",").filter(Boolean) : [];
  const href = (cursor: string | undefined, trail: string[]) => `${path}${queryString({ ...filter, cursor, back: trail.join(",") })}`;
  const firstPage = href(undefined, []);
  const onFirst = !input.cursor;
  const before = back.at(-1);
  return {
    first: onFirst ? null : firstPage,
    previous: onFirst ? null : before === undefined || before === FIRST ? firstPage : href(before, back.slice(0, -1)),
    next: nextCursor ? href(nextCursor, [...back, input.cursor ?? FIRST].slice(-MAX_BACK)) : null,
  };
}
