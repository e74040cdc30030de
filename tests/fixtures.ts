// Test data made through the real write path, with unique names so files never collide.
import { randomUUID } from "node:crypto";
import { runAction } from "../lib/action";
import { cliActor } from "../lib/actors";
import type { TRole } from "../lib/authz";
import { createCaseAction } from "../lib/cases/mutations";
import type { TCreateCaseInput } from "../lib/cases/schema";
import { db } from "../lib/db";
import type { TSessionUser } from "../lib/session";
import { createTokenAction, revokeTokenAction } from "../lib/tokens/mutations";

export async function makeUser(role: TRole, name: string = role): Promise<TSessionUser> {
  const tag = randomUUID().slice(0, 8);
  const u = await db().user.create({ data: { email: `${name}-${tag}@test.local`, name: `${name} ${tag}`, role } });
  return { id: u.id, email: u.email, name: u.name, role, disabled: false };
}

export async function makeCase(lead: TSessionUser, extra: Partial<TCreateCaseInput> = {}) {
  const r = await runAction(createCaseAction, lead, { title: `Case ${randomUUID().slice(0, 6)}`, severity: "high", leadId: lead.id, members: [], ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

export async function auditCount(): Promise<number> {
  return db().auditEvent.count();
}

/** An API token for a person, made as the CLI makes one (the same action as Settings). */
export async function makeToken(email: string, name = "test") {
  const r = await runAction(createTokenAction, cliActor(), { ownerEmail: email, name });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

export async function revokeToken(prefix: string) {
  const r = await runAction(revokeTokenAction, cliActor(), { prefix });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}
