import { actionRoute } from "@/lib/api/action-route";

export const POST = actionRoute("POST /api/v1/shares/[shareId]/reject");
