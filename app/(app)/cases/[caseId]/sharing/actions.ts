"use server";
// A case's shares of indicators: prepared by its analysts, decided by its reviewers (lib/sharing/mutations.ts).
import { serverAction } from "@/lib/server-action";
import * as m from "@/lib/sharing/mutations";

const idOnly = { reply: (x: { id: string }) => ({ id: x.id }) };
export const prepareShareAction = serverAction(m.prepareShareAction, idOnly);
export const approveShareAction = serverAction(m.approveShareAction, idOnly);
export const rejectShareAction = serverAction(m.rejectShareAction, idOnly);
export const voidShareAction = serverAction(m.voidShareAction, idOnly);
