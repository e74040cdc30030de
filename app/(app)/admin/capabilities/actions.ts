"use server";
// Server actions for the capability taxonomy: each is its audited action (lib/server-action.ts).
import * as m from "@/lib/capabilities/mutations";
import { serverAction } from "@/lib/server-action";

export const createCapabilityAction = serverAction(m.createCapabilityAction, { refresh: { path: "/admin/capabilities" } });
export const updateCapabilityAction = serverAction(m.updateCapabilityAction, { refresh: { path: "/admin/capabilities" } });
