// The one way the app's pages call an action (app/**/actions.ts): the signed-in person runs it
// through lib/action.ts (validate, authorize, one transaction with its audit event), and when it
// succeeds the pages that show what changed are refreshed. Each server action is one line:
//   export const decideClusterAction = serverAction(m.decideClusterAction);
import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { runAction, type TActionContext, type TActionSpec, type TResult } from "./action";
import { getCurrentUser } from "./session";

type TRefresh =
  /** Every page of the case the action loaded from its record (the default). */
  | "case"
  /** A fixed page, or with `layout` every page under it. */
  | { path: string; layout?: boolean }
  /** Nothing the person sees changes (signing out everywhere). */
  | null;

export function serverAction<S extends z.ZodType, C extends TActionContext, R, O = R>(
  spec: TActionSpec<S, C, R>,
  opts: {
    refresh?: TRefresh;
    /** What goes back to the browser, when the result holds more than the page needs (an id, a version). */
    reply?: (data: R) => O;
  } = {},
): (input: z.input<S>) => Promise<TResult<O>> {
  const refresh = opts.refresh === undefined ? "case" : opts.refresh;
  return async (input) => {
    let caseId: string | null = null;
    const res = await runAction(spec, await getCurrentUser(), input, { onCommitted: (id) => (caseId = id) });
    if (!res.ok) return res;
    if (refresh === "case") {
      if (caseId) revalidatePath(`/cases/${caseId}`, "layout");
    } else if (refresh) revalidatePath(refresh.path, refresh.layout ? "layout" : "page");
    return { ok: true, data: opts.reply ? opts.reply(res.data) : (res.data as unknown as O) };
  };
}
