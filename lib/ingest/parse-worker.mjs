// The entry of a parser thread: TypeScript is loaded by tsx, registered in this thread, whatever
// the process that started it runs under (the worker, the CLI, the tests).
import { register } from "tsx/esm/api";

register();
await import("./parse-worker.ts");
