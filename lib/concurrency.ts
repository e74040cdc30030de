// Optimistic concurrency for records edited in place (a cluster's name, a user, a tag's note):
// the editor sends the record's `updatedAt` as it loaded it (`seen`); a change made since is
// refused, naming who made it and when (from the audit log) and what the record holds now.
// Nothing is overwritten silently. Cases and findings carry their own version numbers.
import { describeEvent } from "./audit/events";
import type { Tx } from "./db";
import { AppError } from "./errors";

export async function refuseIfChanged(
  tx: Pick<Tx, "auditEvent">,
  o: { seen: string | undefined; updatedAt: Date; entityType: string; entityId: string; what: string; now: string },
): Promise<void> {
  if (o.seen === undefined || Date.parse(o.seen) === o.updatedAt.getTime()) return;
  const last = await tx.auditEvent.findFirst({ where: { entityType: o.entityType, entityId: o.entityId }, orderBy: { seq: "desc" } });
  const who = last ? `${last.actorLabel.replace(/ <[^>]*>.*$/, "")} (${describeEvent(last, new Map()).label.toLowerCase()}, ${last.at.toISOString().slice(0, 16).replace("T", " ")} UTC)` : "Someone";
  throw new AppError("conflict", `${who} changed ${o.what} after you opened it; it is now ${o.now}. Nothing of yours was saved: reload to see their change, then make yours again.`, [
    { field: "seen", message: o.now },
  ]);
}
