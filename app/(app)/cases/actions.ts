"use server";
// Server actions for cases: each is its audited action in lib/cases/mutations.ts (lib/server-action.ts).
import * as m from "@/lib/cases/mutations";
import { serverAction } from "@/lib/server-action";

export const createCaseAction = serverAction(m.createCaseAction, { refresh: { path: "/cases" } });
export const updateCaseAction = serverAction(m.updateCaseAction);
export const setCaseTeamAction = serverAction(m.setCaseTeamAction);
export const transitionCaseAction = serverAction(m.transitionCaseAction);
export const addCommentAction = serverAction(m.addCommentAction);
