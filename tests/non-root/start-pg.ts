// Run by tests/embedded-postgres-reach.int.test.ts as an unprivileged OS user, bundled into one file
// in a folder that user owns (it cannot read the clone when the clone sits under /root or a 0700
// folder). Starts the embedded server as that user, writes a row, restarts, reads it back, and
// prints what happened as one JSON line.
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../lib/platform/embedded-postgres";
import { queryOnce } from "../pg";

const [dataDir, root, build, fallbackDir] = process.argv.slice(2);
const logs: string[] = [];
const start = async () => startEmbeddedPostgres({ dataDir, port: await freePort(), binaries: { root, build }, fallbackDir, log: (m) => logs.push(m) });

let server = await start();
await queryOnce(server.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before restart')");
const first = { cluster: server.cluster, pgLocation: existsSync(path.join(dataDir, "pg-location")) };
await server.stop();
server = await start();
const rows = await queryOnce(server.url, "SELECT v FROM kept");
await server.stop();
console.log(JSON.stringify({ uid: process.getuid?.(), first, rows, logs }));
