// TLP 2.0 levels, for the forms (the browser) and the server alike. Pure, no dependencies. The
// marking-definition objects with their fixed ids are in lib/sharing/stix.ts.
export type TTlp = "clear" | "green" | "amber" | "amber+strict" | "red";
export const TLP_LEVELS: readonly TTlp[] = ["clear", "green", "amber", "amber+strict", "red"];
