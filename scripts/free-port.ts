import { createServer } from "node:net";

/** A TCP port that is free on this host right now (the OS picks it); loopback unless told otherwise. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("The OS gave no port."))));
    });
  });
}
