// User administration from the command line, where there is no signed-in admin yet (the first
// admin of a real deployment is made this way). Audited like every other write, as "cli".
import os from "node:os";
import { appendAuditEvent } from "../audit/append";
import { db } from "../db";
import { AppError } from "../errors";
import { zodDetails } from "../action";
import { hashPassword } from "./password";
import { ZCreateUserInput, type TCreateUserInput } from "./schema";

export { generatePassword } from "./password";

const cliActor = () => `cli (${os.userInfo().username}@${os.hostname()})`;

export async function createUserFromCli(raw: Partial<TCreateUserInput>) {
  const parsed = ZCreateUserInput.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_input", "Cannot create that user.", zodDetails(parsed.error));
  const input = parsed.data;
  const hash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) throw new AppError("conflict", `A user with email ${input.email} already exists.`);
    const u = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash: hash }, select: { id: true, email: true, role: true } });
    await appendAuditEvent(tx, { actorId: null, actorLabel: cliActor(), action: "user.create", caseId: null, entityType: "user", entityId: u.id, data: { email: u.email, role: u.role } });
    return u;
  });
}

export async function setUserDisabledFromCli(email: string, disabled: boolean) {
  return db().$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { email: email.toLowerCase() } });
    if (!u) throw new AppError("not_found", `No user has the email ${email}.`);
    await tx.user.update({ where: { id: u.id }, data: { disabled } });
    await appendAuditEvent(tx, { actorId: null, actorLabel: cliActor(), action: disabled ? "user.disable" : "user.enable", caseId: null, entityType: "user", entityId: u.id, data: { email: u.email } });
    return u;
  });
}
