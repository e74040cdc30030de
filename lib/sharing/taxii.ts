// TAXII 2.1's collection logic, pure: the objects of a partner's collection from the shares approved
// for it, each version dated by the approval that added it, and the filters and paging of
// `GET …/objects/` and `GET …/manifest/` (added_after, limit, next, match[id], match[type],
// match[version], match[spec_version]). A re-share carries the same ids with a newer `modified`:
// a new version of each object, so by default (match[version]=last) a client sees the update.
import type { TStixObject } from "./stix";

export const TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1";
export const STIX_MEDIA_TYPE = "application/stix+json;version=2.1";
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

export type TApprovedShare = { id: string; approvedAt: Date; bundle: string };
export type TVersion = { id: string; type: string; version: string; dateAdded: string; shareId: string; object: TStixObject };

/** Every version of every object in the approved shares, oldest addition first (ties by id, then version). */
export function collectionVersions(shares: readonly TApprovedShare[]): TVersion[] {
  const seen = new Map<string, TVersion>();
  for (const s of [...shares].sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime() || a.id.localeCompare(b.id))) {
    const bundle = JSON.parse(s.bundle) as { objects: TStixObject[] };
    const dateAdded = s.approvedAt.toISOString();
    for (const o of bundle.objects) {
      const version = String(o.modified ?? o.created);
      const key = `${o.id}\u0000${version}`;
      // The same version in a later share (a marking definition, an unchanged object) keeps its first date.
      if (!seen.has(key)) seen.set(key, { id: o.id, type: o.type, version, dateAdded, shareId: s.id, object: o });
    }
  }
  return [...seen.values()].sort((a, b) => a.dateAdded.localeCompare(b.dateAdded) || a.id.localeCompare(b.id) || a.version.localeCompare(b.version));
}

export type TFilters = { addedAfter: string | null; limit: number; next: string | null; ids: string[] | null; types: string[] | null; version: string; specVersions: string[] | null };

export class TaxiiInputError extends Error {}

const list = (v: string | null) => (v === null ? null : v.split(",").map((s) => s.trim()).filter(Boolean));
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The query of an objects or manifest request, checked: a malformed one is a 400 with what is wrong. */
export function parseFilters(q: URLSearchParams): TFilters {
  const addedAfter = q.get("added_after");
  if (addedAfter !== null && !TIMESTAMP.test(addedAfter)) throw new TaxiiInputError("added_after must be a timestamp such as 2026-12-07T10:00:00.000Z.");
  const rawLimit = q.get("limit");
  let limit = DEFAULT_PAGE;
  if (rawLimit !== null) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) throw new TaxiiInputError("limit must be a positive whole number.");
    limit = Math.min(Number(rawLimit), MAX_PAGE);
  }
  const version = q.get("match[version]") ?? "last";
  if (!["last", "first", "all"].includes(version) && !version.split(",").every((v) => TIMESTAMP.test(v.trim()))) {
    throw new TaxiiInputError("match[version] is last, first, all, or timestamps separated by commas.");
  }
  const next = q.get("next");
  if (next !== null && decodeNext(next) === null) throw new TaxiiInputError("next is not a value this server gave: start again without it.");
  return { addedAfter, limit, next, ids: list(q.get("match[id]")), types: list(q.get("match[type]")), version, specVersions: list(q.get("match[spec_version]")) };
}

/** `next`: where the last page ended, as (date added, id, version); opaque to clients. */
const encodeNext = (v: TVersion) => Buffer.from(JSON.stringify([v.dateAdded, v.id, v.version])).toString("base64url");
function decodeNext(s: string): [string, string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    return Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "string") ? (v as [string, string, string]) : null;
  } catch {
    return null;
  }
}

/** Which versions of one object a match[version] keeps. */
function pickVersions(versions: TVersion[], match: string): TVersion[] {
  if (match === "all") return versions;
  const byTime = [...versions].sort((a, b) => a.version.localeCompare(b.version));
  if (match === "last") return [byTime[byTime.length - 1]];
  if (match === "first") return [byTime[0]];
  const wanted = new Set(match.split(",").map((v) => new Date(v.trim()).toISOString()));
  return byTime.filter((v) => wanted.has(new Date(v.version).toISOString()));
}

export type TPage = { items: TVersion[]; more: boolean; next: string | null };

/** One page of a collection, filtered as the request asks. */
export function page(all: readonly TVersion[], f: TFilters): TPage {
  const byId = new Map<string, TVersion[]>();
  for (const v of all) {
    if (f.ids && !f.ids.includes(v.id)) continue;
    if (f.types && !f.types.includes(v.type)) continue;
    if (f.specVersions && !f.specVersions.includes(String(v.object.spec_version ?? "2.1"))) continue;
    byId.set(v.id, [...(byId.get(v.id) ?? []), v]);
  }
  let kept = [...byId.values()].flatMap((vs) => pickVersions(vs, f.version));
  kept.sort((a, b) => a.dateAdded.localeCompare(b.dateAdded) || a.id.localeCompare(b.id) || a.version.localeCompare(b.version));
  if (f.addedAfter) {
    const after = new Date(f.addedAfter).toISOString();
    kept = kept.filter((v) => v.dateAdded > after);
  }
  if (f.next) {
    const [d, id, version] = decodeNext(f.next)!;
    kept = kept.filter((v) => v.dateAdded > d || (v.dateAdded === d && (v.id > id || (v.id === id && v.version > version))));
  }
  const items = kept.slice(0, f.limit);
  const more = kept.length > items.length;
  return { items, more, next: more ? encodeNext(items[items.length - 1]) : null };
}
