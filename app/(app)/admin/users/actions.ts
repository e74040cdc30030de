"use server";
// Server actions for user administration: each is its audited action in lib/users/mutations.ts (lib/server-action.ts).
import { serverAction } from "@/lib/server-action";
import * as m from "@/lib/users/mutations";

const users = { refresh: { path: "/admin/users", layout: true } };
export const createUserAction = serverAction(m.createUserAction, users);
export const updateUserAction = serverAction(m.updateUserAction, users);
export const setUserDisabledAction = serverAction(m.setUserDisabledAction, users);
export const resetPasswordAction = serverAction(m.resetPasswordAction, users);
export const signOutEverywhereAction = serverAction(m.signOutEverywhereAction, users);
