// What an in-place editor sends with a change: the record's `updatedAt` as it loaded it (see
// lib/concurrency.ts). Its own module, so forms can validate with it without server code.
import { z } from "zod";

/** The `updatedAt` an editor loaded, as an ISO string; absent for callers that do not edit in place. */
export const ZSeen = z.iso.datetime({ message: "Reload the page: the edit form is out of date." }).optional();
