// The analyst's decisions on clusters: accept, reject, rename, merge, split off, add and remove
// accounts. Each is one audited action; the case comes from the cluster row, never the client.
// Imported clusters keep the pipeline's label and members: they can be accepted or rejected only.
import { defineAction } from "../action";
import { loadCaseContext } from "../cases/context";
import type { Tx } from "../db";
import { AppError, notFound } from "../errors";
import { ZAddAccounts, ZDecideCluster, ZMergeClusters, ZRemoveAccounts, ZRenameCluster, ZSplitCluster } from "./schema";
import { refuseIfChanged } from "../concurrency";

async function loadCluster(tx: Tx, clusterId: string) {
  const c = await tx.cluster.findUnique({ where: { id: clusterId }, select: { id: true, caseId: true, name: true, origin: true, status: true, updatedAt: true } });
  if (!c) throw notFound("That cluster");
  return c;
}

async function clusterContext(tx: Tx, clusterId: string, actor: Parameters<typeof loadCaseContext>[2]) {
  const cluster = await loadCluster(tx, clusterId);
  return { ...(await loadCaseContext(tx, cluster.caseId, actor)), cluster };
}

function mustBeEditable(c: { origin: string; name: string }, what: string) {
  if (c.origin === "imported") throw new AppError("conflict", `'${c.name}' came from the detection pipeline and keeps its label and members; ${what} a suggested or analyst cluster instead.`);
}

async function nameIsFree(tx: Tx, caseId: string, name: string, except?: string) {
  const taken = await tx.cluster.findFirst({ where: { caseId, name, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });
  if (taken) throw new AppError("conflict", `Another cluster of this case is already called '${name}'.`, [{ field: "name", message: "Pick another name." }]);
}

/** Member ids of a cluster among `ids`, as strings; refuses ids that are not members. */
async function membersAmong(tx: Tx, clusterId: string, ids: string[]) {
  const found = await tx.clusterMember.findMany({ where: { clusterId, accountId: { in: ids.map(BigInt) } }, select: { accountId: true } });
  if (found.length !== new Set(ids).size) throw new AppError("bad_input", `${new Set(ids).size - found.length} of the selected accounts are not in this cluster.`, [{ field: "accountIds", message: "Reload the page and select again." }]);
  return found.map((m) => m.accountId);
}

const size = (tx: Tx, clusterId: string) => tx.clusterMember.count({ where: { clusterId } });

export const decideClusterAction = defineAction({
  name: "cluster.decide",
  input: ZDecideCluster,
  permission: "case.edit",
  load: (tx, input, actor) => clusterContext(tx, input.clusterId, actor),
  async run({ tx, input, ctx, user }) {
    const status = input.decision === "accept" ? "accepted" : "rejected";
    await tx.cluster.update({ where: { id: ctx.cluster.id }, data: { status, decidedById: user.id, decidedAt: new Date() } });
    return {
      result: { status },
      audit: { action: `cluster.${input.decision}`, entityType: "cluster", entityId: ctx.cluster.id, data: { name: ctx.cluster.name, origin: ctx.cluster.origin, from: ctx.cluster.status } },
    };
  },
});

export const renameClusterAction = defineAction({
  name: "cluster.rename",
  input: ZRenameCluster,
  permission: "case.edit",
  load: (tx, input, actor) => clusterContext(tx, input.clusterId, actor),
  async run({ tx, input, ctx }) {
    mustBeEditable(ctx.cluster, "rename");
    await refuseIfChanged(tx, { seen: input.seen, updatedAt: ctx.cluster.updatedAt, entityType: "cluster", entityId: ctx.cluster.id, what: "this cluster", now: `named “${ctx.cluster.name}” and ${ctx.cluster.status}` });
    await nameIsFree(tx, ctx.caseId, input.name, ctx.cluster.id);
    await tx.cluster.update({ where: { id: ctx.cluster.id }, data: { name: input.name } });
    return { result: { name: input.name }, audit: { action: "cluster.rename", entityType: "cluster", entityId: ctx.cluster.id, data: { from: ctx.cluster.name, to: input.name } } };
  },
});

export const mergeClustersAction = defineAction({
  name: "cluster.merge",
  input: ZMergeClusters,
  permission: "case.edit",
  load: async (tx, input, actor) => {
    const ctx = await clusterContext(tx, input.targetId, actor);
    const source = await loadCluster(tx, input.sourceId);
    // A cluster of another case is simply not there for this merge.
    if (source.caseId !== ctx.caseId) throw notFound("That cluster");
    return { ...ctx, source };
  },
  async run({ tx, ctx, user }) {
    const { cluster: target, source } = ctx;
    mustBeEditable(target, "merge into");
    mustBeEditable(source, "merge");
    const moved = await tx.$executeRaw`
      INSERT INTO cluster_member ("clusterId", "accountId") SELECT ${target.id}, "accountId" FROM cluster_member WHERE "clusterId" = ${source.id}
      ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`UPDATE account_link SET "clusterId" = ${target.id} WHERE "clusterId" = ${source.id}`;
    await tx.$executeRaw`
      UPDATE cluster_link l SET "clusterId" = ${target.id} WHERE l."clusterId" = ${source.id}
         AND NOT EXISTS (SELECT 1 FROM cluster_link t WHERE t."clusterId" = ${target.id} AND t.kind = l.kind AND t.value = l.value)`;
    await tx.cluster.delete({ where: { id: source.id } });
    await tx.cluster.update({ where: { id: target.id }, data: { status: "accepted", decidedById: user.id, decidedAt: new Date() } });
    const accounts = await size(tx, target.id);
    return {
      result: { accounts },
      audit: { action: "cluster.merge", entityType: "cluster", entityId: target.id, data: { into: target.name, merged: source.name, mergedId: source.id, added: moved, accounts } },
    };
  },
});

export const splitClusterAction = defineAction({
  name: "cluster.split",
  input: ZSplitCluster,
  permission: "case.edit",
  load: (tx, input, actor) => clusterContext(tx, input.clusterId, actor),
  async run({ tx, input, ctx, user }) {
    mustBeEditable(ctx.cluster, "split");
    await nameIsFree(tx, ctx.caseId, input.name);
    const ids = await membersAmong(tx, ctx.cluster.id, input.accountIds);
    if (ids.length === (await size(tx, ctx.cluster.id))) throw new AppError("bad_input", "Leave at least one account behind: to rename the whole cluster, use Rename.", [{ field: "accountIds", message: "Select fewer accounts." }]);
    const created = await tx.cluster.create({
      data: { caseId: ctx.caseId, name: input.name, origin: "analyst", status: "accepted", decidedById: user.id, decidedAt: new Date(), notes: `Split off from '${ctx.cluster.name}'.` },
    });
    await tx.clusterMember.deleteMany({ where: { clusterId: ctx.cluster.id, accountId: { in: ids } } });
    await tx.clusterMember.createMany({ data: ids.map((accountId) => ({ clusterId: created.id, accountId })) });
    // Links between two moved accounts go with them; links across the cut explain nothing now.
    await tx.accountLink.updateMany({ where: { clusterId: ctx.cluster.id, fromAccountId: { in: ids }, toAccountId: { in: ids } }, data: { clusterId: created.id } });
    await tx.accountLink.deleteMany({ where: { clusterId: ctx.cluster.id, OR: [{ fromAccountId: { in: ids } }, { toAccountId: { in: ids } }] } });
    await tx.accountLink.createMany({
      data: ids.map((a) => ({ caseId: ctx.caseId, clusterId: created.id, fromAccountId: a, toAccountId: a, kind: "analyst", value: `split off from '${ctx.cluster.name}' by ${user.name}`, sharedBy: ids.length, weight: 1, confidence: 1 })),
    });
    return {
      result: { id: created.id },
      audit: { action: "cluster.split", entityType: "cluster", entityId: ctx.cluster.id, data: { from: ctx.cluster.name, name: input.name, newClusterId: created.id, accounts: ids.length } },
    };
  },
});

export const removeAccountsAction = defineAction({
  name: "cluster.removeAccounts",
  input: ZRemoveAccounts,
  permission: "case.edit",
  load: (tx, input, actor) => clusterContext(tx, input.clusterId, actor),
  async run({ tx, input, ctx }) {
    mustBeEditable(ctx.cluster, "remove accounts from");
    const ids = await membersAmong(tx, ctx.cluster.id, input.accountIds);
    await tx.clusterMember.deleteMany({ where: { clusterId: ctx.cluster.id, accountId: { in: ids } } });
    await tx.accountLink.deleteMany({ where: { clusterId: ctx.cluster.id, OR: [{ fromAccountId: { in: ids } }, { toAccountId: { in: ids } }] } });
    const accounts = await size(tx, ctx.cluster.id);
    return { result: { accounts }, audit: { action: "cluster.removeAccounts", entityType: "cluster", entityId: ctx.cluster.id, data: { name: ctx.cluster.name, removed: ids.length, accounts } } };
  },
});

export const addAccountsAction = defineAction({
  name: "cluster.addAccounts",
  input: ZAddAccounts,
  permission: "case.edit",
  load: (tx, input, actor) => clusterContext(tx, input.clusterId, actor),
  async run({ tx, input, ctx, user }) {
    mustBeEditable(ctx.cluster, "add accounts to");
    const wanted = [...new Set(input.externalIds)];
    const found = await tx.account.findMany({ where: { caseId: ctx.caseId, externalId: { in: wanted } }, select: { id: true, externalId: true } });
    const missing = wanted.filter((x) => !found.some((a) => a.externalId === x));
    if (missing.length) {
      throw new AppError("bad_input", `${missing.length} of the account ids are not accounts of this case.`, missing.slice(0, 20).map((m) => ({ field: "externalIds", message: `'${m}' is not an account of this case.` })));
    }
    const added = await tx.clusterMember.createMany({ data: found.map((a) => ({ clusterId: ctx.cluster.id, accountId: a.id })), skipDuplicates: true });
    await tx.accountLink.createMany({
      data: found.map((a) => ({ caseId: ctx.caseId, clusterId: ctx.cluster.id, fromAccountId: a.id, toAccountId: a.id, kind: "analyst", value: `added by ${user.name}`, sharedBy: 1, weight: 1, confidence: 1 })),
    });
    const accounts = await size(tx, ctx.cluster.id);
    return { result: { added: added.count, accounts }, audit: { action: "cluster.addAccounts", entityType: "cluster", entityId: ctx.cluster.id, data: { name: ctx.cluster.name, added: added.count, accounts } } };
  },
});
