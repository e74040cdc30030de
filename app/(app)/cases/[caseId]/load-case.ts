// The case layout and its pages all need the case; cache() makes that one query a request.
import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getCase } from "@/lib/cases/queries";
import { requireUser } from "@/lib/session";

export const loadCase = cache(async (caseId: string) => {
  const user = await requireUser();
  const c = await getCase(user, caseId);
  if (!c) notFound();
  return { user, c };
});

export type TCaseParams = { params: Promise<{ caseId: string }> };
