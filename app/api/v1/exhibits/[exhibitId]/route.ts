import { actionRoute } from "@/lib/api/action-route";

export const PATCH = actionRoute("PATCH /api/v1/exhibits/[exhibitId]");

export const DELETE = actionRoute("DELETE /api/v1/exhibits/[exhibitId]");
