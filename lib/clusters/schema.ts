// Inputs of the analyst's decisions on clusters, shared by the forms and the server.
import { z } from "zod";
import { ZSeen } from "../concurrency-input";
import { isBigintId } from "../storable-text";

const id = z.string().min(1, "Say which cluster.");
const accountIds = z
  .array(z.string().refine(isBigintId, "An account is named by its id."))
  .min(1, "Select at least one account.")
  .max(5000, "Select at most 5,000 accounts at a time.");

export const ZClusterName = z.string().trim().min(2, "Give the cluster a name of at least 2 characters.").max(120, "Keep the name under 120 characters.");

export const ZDecideCluster = z.object({ clusterId: id, decision: z.enum(["accept", "reject"], { message: "Decide accept or reject." }) });
export const ZRenameCluster = z.object({ clusterId: id, name: ZClusterName, seen: ZSeen });
export const ZMergeClusters = z
  .object({ targetId: id, sourceId: z.string().min(1, "Pick the cluster to merge in.") })
  .refine((v) => v.targetId !== v.sourceId, { message: "Pick another cluster: a cluster cannot be merged into itself.", path: ["sourceId"] });
export const ZSplitCluster = z.object({ clusterId: id, accountIds, name: ZClusterName });
export const ZRemoveAccounts = z.object({ clusterId: id, accountIds });
export const ZAddAccounts = z.object({
  clusterId: id,
  externalIds: z
    .array(z.string().trim().min(1).max(128))
    .min(1, "Name at least one account id.")
    .max(5000, "Add at most 5,000 accounts at a time."),
});
