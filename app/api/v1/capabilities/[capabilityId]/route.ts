import { actionRoute } from "@/lib/api/action-route";

export const PATCH = actionRoute("PATCH /api/v1/capabilities/[capabilityId]");
