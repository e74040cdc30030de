// Starts an embedded PostgreSQL in the folder given and waits to be killed: the crash-recovery
// test SIGKILLs this process to leave an orphaned server behind, as a crashed Casebook would.
import { startEmbeddedPostgres } from "../../lib/platform/embedded-postgres";

const [dataDir, port] = process.argv.slice(2);
const server = await startEmbeddedPostgres({ dataDir, port: Number(port), log: () => {} });
console.log(`READY ${server.url}`);
setInterval(() => {}, 1 << 30);
