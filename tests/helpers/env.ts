// Changes to process.env for one test file, read afresh by env() (lib/env.ts caches it), and put
// back as they were by restore().
import { resetEnv } from "../../lib/env";

export function envChanges() {
  const saved: Record<string, string | undefined> = {};
  const apply = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnv();
  };
  return {
    /** Sets (or, for undefined, removes) each variable, keeping what it was before the first change. */
    set(vars: Record<string, string | undefined>) {
      for (const k of Object.keys(vars)) if (!(k in saved)) saved[k] = process.env[k];
      apply(vars);
    },
    restore() {
      apply(saved);
      for (const k of Object.keys(saved)) delete saved[k];
    },
  };
}
