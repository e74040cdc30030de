"use server";
// Partner labs and their TAXII tokens (admins): one line per action (lib/server-action.ts).
import { serverAction } from "@/lib/server-action";
import * as m from "@/lib/sharing/mutations";

const partners = { refresh: { path: "/admin/partners" } };
export const createPartnerAction = serverAction(m.createPartnerAction, partners);
export const createTaxiiTokenAction = serverAction(m.createTaxiiTokenAction, partners);
export const revokeTaxiiTokenAction = serverAction(m.revokeTaxiiTokenAction, partners);
