"use server";
// Server actions for the package's content: each is its audited action in lib/findings (lib/server-action.ts).
import * as m from "@/lib/findings/mutations";
import { serverAction } from "@/lib/server-action";

const idOnly = { reply: (x: { id: string }) => ({ id: x.id }) };
export const saveFindingAction = serverAction(m.saveFindingAction, { reply: (f) => ({ version: f.version }) });
export const addExhibitAction = serverAction(m.addExhibitAction, idOnly);
export const captionExhibitAction = serverAction(m.captionExhibitAction, idOnly);
export const removeExhibitAction = serverAction(m.removeExhibitAction);
export const reorderExhibitsAction = serverAction(m.reorderExhibitsAction);
export const addRedactionAction = serverAction(m.addRedactionAction, idOnly);
export const removeRedactionAction = serverAction(m.removeRedactionAction);
