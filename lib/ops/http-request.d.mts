// Types of lib/ops/http-request.mjs (plain JavaScript: the web server runs it without a TypeScript loader).
export type TRoutesManifest = { staticRoutes?: { page: string; regex: string }[]; dynamicRoutes?: { page: string; regex: string }[] };
export function methodLabel(method: string | undefined): string;
export const UNMATCHED_ROUTE: string;
export function routeMatcher(manifest: TRoutesManifest | null | undefined): (url: string | undefined) => string;
export function requestIdFrom(header: string | string[] | undefined, fresh?: () => string): string;
