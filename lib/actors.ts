// The system actors Casebook's own parts write as (lib/authz.ts says what each may do).
import os from "node:os";
import type { TPerson, TSystemActor } from "./authz";
import { hostName } from "./env";

/** The command line, as the OS user at this host; with a person, it acts as them (--as). */
export function cliActor(onBehalfOf?: TPerson): TSystemActor {
  return { system: "cli", detail: `${os.userInfo().username}@${os.hostname()}`, onBehalfOf };
}

export function seedActor(onBehalfOf?: TPerson): TSystemActor {
  return { system: "seed", onBehalfOf };
}

/** A job worker, named by its id (host:pid); `onBehalfOf` is the person whose job it runs. */
export function workerActor(workerId: string, onBehalfOf?: TPerson): TSystemActor {
  return { system: "worker", detail: workerId, onBehalfOf };
}

export function authActor(onBehalfOf?: TPerson): TSystemActor {
  return { system: "auth", onBehalfOf };
}

/** A host of this installation acting for itself (recording its signing key at start). */
export function hostActor(host: string): TSystemActor {
  return { system: "host", detail: host };
}

/** The evidence store's read check in this process (host:pid), recording a file that failed it. */
export function storageActor(): TSystemActor {
  return { system: "storage", detail: `${hostName()}:${process.pid}` };
}
