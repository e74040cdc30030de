// Reads for the command line, where whoever runs it already holds the database (no session).
import { db } from "../db";

/** A user's id by email. */
export async function userIdForCli(email: string): Promise<string | null> {
  return (await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } }))?.id ?? null;
}
