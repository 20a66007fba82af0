export { startLocalPusher } from "./server";
export type { LocalPusher, LocalPusherOptions } from "./config";
