import { afterEach, describe, expect, it, vi } from "vitest";
import { sendBeacon } from "@/lib/api-client/send-json";

function answering(...statuses: number[]) {
  const fetchMock = vi.fn(async () => new Response("{}", { status: statuses.shift() ?? 201 }));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("sendBeacon", () => {
  it("sends a report refused with 409 again after each delay, then stops once it is taken", async () => {
    vi.useFakeTimers();
    const fetchMock = answering(409, 409, 201);
    sendBeacon("/api/visits/v1/connection", { event: "CONNECTED" }, [1_000, 2_000, 4_000]);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(fetchMock.mock.calls.at(-1)).toEqual(["/api/visits/v1/connection", expect.objectContaining({ body: '{"event":"CONNECTED"}' })]);
  });

  it("gives up after the last delay, and never retries other refusals", async () => {
    vi.useFakeTimers();
    const always409 = vi.fn(async () => new Response("{}", { status: 409 }));
    vi.stubGlobal("fetch", always409);
    sendBeacon("/r", {}, [10, 20]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(always409).toHaveBeenCalledTimes(3);

    const other = answering(403, 500);
    sendBeacon("/r", {}, [10, 20]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it("drops a report that never got an answer, without throwing", async () => {
    const offline = vi.fn(async () => Promise.reject(new TypeError("Failed to fetch")));
    vi.stubGlobal("fetch", offline);
    expect(() => sendBeacon("/r", {}, [10])).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
    expect(offline).toHaveBeenCalledTimes(1);
  });
});
