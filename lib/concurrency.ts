// Optimistic concurrency for records edited in place (a cluster's name, a user, a tag's note):
// the editor sends the record's `updatedAt` as it loaded it (`seen`); a change made since is
// refused, naming who made it and when (from the audit log) and what the record holds now.
// Nothing is overwritten silently. Cases and findings carry their own version numbers.
import { describeEvent } from "./audit/events";
import type { Tx } from "./db";
import { AppError } from "./errors";

/** Who changed a record last and when, from the audit log: "Ada Analyst (edited the case, 2026-12-07 16:20 UTC)". */
export async function lastChangeBy(tx: Pick<Tx, "auditEvent">, entityType: string, entityId: string): Promise<string> {
  const last = await tx.auditEvent.findFirst({ where: { entityType, entityId }, orderBy: { seq: "desc" } });
  return last ? `${last.actorLabel.replace(/ <[^>]*>.*$/, "")} (${describeEvent(last, new Map()).label.toLowerCase()}, ${last.at.toISOString().slice(0, 16).replace("T", " ")} UTC)` : "Someone";
}

export async function refuseIfChanged(
  tx: Pick<Tx, "auditEvent">,
  o: { seen: string | undefined; updatedAt: Date; entityType: string; entityId: string; what: string; now: string },
): Promise<void> {
  if (o.seen === undefined || Date.parse(o.seen) === o.updatedAt.getTime()) return;
  const who = await lastChangeBy(tx, o.entityType, o.entityId);
  throw new AppError("conflict", `${who} changed ${o.what} after you opened it; it is now ${o.now}. Nothing of yours was saved: reload to see their change, then make yours again.`, [
    { field: "seen", message: o.now },
  ]);
}
