// The handler of every route in lib/api/action-routes.ts: the caller (token or session), the body and
// the path made into the action's input, runAction, and the result or the contract's error.
import { runAction } from "../action";
import { ACTION_ROUTES, actionInput, type TActionRoute, type TActionRouteKey } from "./action-routes";
import { apiHandler, json, readJsonObject, resultResponse } from "./route";

export function actionRoute(key: TActionRouteKey) {
  const r: TActionRoute = ACTION_ROUTES[key];
  return apiHandler<Record<string, string>>(async ({ req, user, params }) => {
    const result = await runAction(r.action, user, actionInput(key, await readJsonObject(req), params));
    if (!result.ok) return resultResponse(result);
    return json(r.reply ? r.reply(result.data) : result.data, r.status ?? 200);
  });
}
