import { actionRoute } from "@/lib/api/action-route";

export const PUT = actionRoute("PUT /api/v1/cases/[caseId]/exhibits/order");
