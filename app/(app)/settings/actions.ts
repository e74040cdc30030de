"use server";
// Server actions for Settings: each is its audited action in lib/tokens or lib/users (lib/server-action.ts).
import { serverAction } from "@/lib/server-action";
import * as tokens from "@/lib/tokens/mutations";
import * as users from "@/lib/users/mutations";

export const createTokenAction = serverAction(tokens.createTokenAction, { refresh: { path: "/settings" } });
export const revokeTokenAction = serverAction(tokens.revokeTokenAction, { refresh: { path: "/settings" } });
/** Ends every session of the person signed in and revokes their API tokens. */
export const signOutEverywhereAction = serverAction(users.signOutEverywhereAction, { refresh: null });
