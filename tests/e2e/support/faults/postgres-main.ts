// Child process: PostgreSQL on a given data folder and port (scripts/local-postgres.ts). Writing "stop"
// to its stdin (or closing it) stops the server the way an operator would (fast shutdown: sessions are
// cut, open transactions roll back); starting this again on the same folder and port brings the data back.
import { startLocalPostgres } from "../../../../scripts/local-postgres.ts";

async function main() {
  // fsync off only: a fast shutdown still writes everything out, and commits stay synchronous so that
  // an answered request really is on disk.
  const server = await startLocalPostgres({
    dataDir: process.env.FAULT_PG_DATA_DIR!,
    port: Number(process.env.FAULT_PG_PORT),
    settings: { fsync: "off" },
  });
  console.log(`POSTGRES READY ${server.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.stop().finally(() => {
      console.log("POSTGRES STOPPED");
      process.exit(0);
    });
  };
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (text: string) => {
    if (text.includes("stop")) stop();
  });
  process.stdin.on("end", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
