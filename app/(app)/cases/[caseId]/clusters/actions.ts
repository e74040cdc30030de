"use server";
// Server actions for clusters: each is its audited action in lib/clusters/mutations.ts (lib/server-action.ts).
import * as m from "@/lib/clusters/mutations";
import { serverAction } from "@/lib/server-action";

export const decideClusterAction = serverAction(m.decideClusterAction);
export const renameClusterAction = serverAction(m.renameClusterAction);
export const mergeClustersAction = serverAction(m.mergeClustersAction);
export const splitClusterAction = serverAction(m.splitClusterAction);
export const removeAccountsAction = serverAction(m.removeAccountsAction);
export const addAccountsAction = serverAction(m.addAccountsAction);
