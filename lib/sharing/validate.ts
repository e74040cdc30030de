// Checks a STIX 2.1 bundle before it leaves or after it arrives: the OASIS JSON schemas vendored in
// ./stix-schemas, then the rules no schema can express (timestamps in order, references that
// resolve, TLP 2.0 markings only, well-formed ids, one copy of each version). Problems name the
// object and the property so a person can fix the source. Pure apart from reading the schemas once.

import fs from "node:fs";
import path from "node:path";
import { domainToASCII } from "node:url";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { TLP2_EXTENSION_ID, TLP_LEVELS, TLP_MARKINGS, tlpMarkingDefinition, tlpOfMarkingId } from "./stix";

export type TBundleProblem = { path: string; message: string };
export type TBundleValidation = { ok: boolean; problems: TBundleProblem[] };

// The app always runs from the repository root; import.meta.dirname is not reliable under Next's
// server build, which moves modules into .next/.
const SCHEMA_DIR = path.resolve(process.cwd(), "lib/sharing/stix-schemas");

type TSchemas = { ajv: Ajv2020; idByFile: Map<string, string> };
let loaded: TSchemas | null = null;

function listSchemaFiles(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listSchemaFiles(dir, relative);
      return entry.name.endsWith(".json") ? [relative] : [];
    })
    .sort();
}

// ajv-formats has no idn-hostname (domain-name.json uses it): an internationalised name passes when
// its punycode form is a valid hostname.
const ASCII_HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
function isIdnHostname(value: string): boolean {
  const ascii = domainToASCII(value);
  return ascii !== "" && ASCII_HOSTNAME.test(ascii);
}

function schemas(): TSchemas {
  if (loaded) return loaded;
  // Non-strict and without the u flag: the OASIS schemas use draft-07 `definitions` and regexes
  // such as `\-` that are invalid in Unicode mode.
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("idn-hostname", isIdnHostname);
  const idByFile = new Map<string, string>();
  // Every file is added, so the relative $refs between them resolve against their $ids.
  for (const file of listSchemaFiles(SCHEMA_DIR)) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")) as { $id: string };
    ajv.addSchema(schema);
    idByFile.set(file, schema.$id);
  }
  loaded = { ajv, idByFile };
  return loaded;
}

function validator(file: string): ValidateFunction {
  const { ajv, idByFile } = schemas();
  const id = idByFile.get(file);
  const validate = id ? ajv.getSchema(id) : undefined;
  if (!validate) throw new Error(`The vendored STIX schema ${file} is missing from ${SCHEMA_DIR}.`);
  return validate;
}

/** The schema an object is checked against: its type's own, else the core a custom object builds on. */
function schemaFileFor(object: Record<string, unknown>): string {
  const { idByFile } = schemas();
  const type = String(object.type);
  for (const folder of ["sdos", "sros", "observables"]) {
    if (idByFile.has(`${folder}/${type}.json`)) return `${folder}/${type}.json`;
  }
  if (["marking-definition", "extension-definition", "language-content"].includes(type)) return `common/${type}.json`;
  // Custom SDOs and SROs have created/modified; custom SCOs do not.
  return "created" in object || "modified" in object ? "common/core.json" : "common/cyber-observable-core.json";
}

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}";
const TLP_IDS = new Set(TLP_LEVELS.map((level) => TLP_MARKINGS[level].id));
const TIMESTAMP_HINT = "a STIX timestamp (RFC 3339 in UTC), like 2026-12-07T10:00:00.000Z";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function propertyPath(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

function valueAt(root: unknown, instancePath: string): unknown {
  let value = root;
  for (const part of instancePath.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    value = isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** An ajv error in words: which property is wrong, how, and what is expected instead. */
function describeSchemaError(error: ErrorObject, data: unknown): { property: string; text: string } {
  const property = propertyPath(error.instancePath);
  const named = property || "the object";
  const value = shown(valueAt(data, error.instancePath));
  const params = error.params as Record<string, unknown>;
  const child = (name: unknown) => (property ? `${property}.${String(name)}` : String(name));
  switch (error.keyword) {
    case "required":
      return { property: child(params.missingProperty), text: `missing required property "${params.missingProperty}"${property ? ` in ${property}` : ""}` };
    case "additionalProperties":
      return {
        property: child(params.additionalProperty),
        text: `property "${params.additionalProperty}" is not allowed${property ? ` in ${property}` : ""} (custom property names are lowercase letters, digits and _, 3 to 250 characters)`,
      };
    case "pattern": {
      const pattern = String(params.pattern);
      if (pattern.includes("T([01][0-9]|2[0-3])")) return { property, text: `${named} ${value} is not ${TIMESTAMP_HINT}` };
      if (pattern.includes("\\.\\d{3,}Z")) return { property, text: `${named} ${value} must be precise to the millisecond, like 2026-12-07T10:00:00.000Z` };
      if (pattern.includes("--")) return { property, text: `${named} ${value} is not an identifier of the right type (<type>--<UUID>, matching ${pattern})` };
      return { property, text: `${named} ${value} does not match the pattern ${pattern}` };
    }
    case "enum":
      return { property, text: `${named} ${value} is not one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    case "oneOf":
    case "anyOf":
      return { property, text: `${named} matches none of the forms STIX allows here (see the other problems for this object)` };
    case "not":
      return { property, text: `${named} has a form STIX forbids here` };
    default:
      return { property, text: `${named} ${value} ${error.message ?? "is not valid"}` };
  }
}

function schemaProblems(file: string, data: unknown, where: string, label: string): TBundleProblem[] {
  const validate = validator(file);
  if (validate(data)) return [];
  const problems = new Map<string, TBundleProblem>();
  for (const error of validate.errors ?? []) {
    const { property, text } = describeSchemaError(error, data);
    const problemPath = property ? `${where}.${property}` : where;
    const message = `${label}: ${text} (${file}).`;
    problems.set(`${problemPath}\n${message}`, { path: problemPath, message });
  }
  return [...problems.values()];
}

type TRefVisit = { path: string; property: string; ref: unknown };

/**
 * Every `*_ref` / `*_refs` value in an object, at any depth, except where a reference is not a
 * bundle id: inside extensions whose definition is not in this bundle (their meaning is theirs), and
 * in observed-data's deprecated `objects`, whose refs name keys of that dictionary.
 */
function collectRefs(value: unknown, at: string, definedExtensions: Set<string>, out: TRefVisit[], top = true): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectRefs(item, `${at}[${i}]`, definedExtensions, out, false));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${at}.${key}`;
    if (top && key === "objects" && value.type === "observed-data") continue;
    if (key === "extensions" && isRecord(child)) {
      for (const [extension, body] of Object.entries(child)) {
        if (extension.startsWith("extension-definition--") && !definedExtensions.has(extension)) continue;
        collectRefs(body, `${childPath}.${extension}`, definedExtensions, out, false);
      }
    } else if (key.endsWith("_ref") && typeof child === "string") {
      out.push({ path: childPath, property: key, ref: child });
    } else if (key.endsWith("_refs") && Array.isArray(child)) {
      child.forEach((ref, i) => out.push({ path: `${childPath}[${i}]`, property: key, ref }));
    } else {
      collectRefs(child, childPath, definedExtensions, out, false);
    }
  }
}

function timeOf(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Pairs of timestamps where the second must not come before the first (STIX 2.1 MUSTs). */
const ORDERED_TIMES: [string, string, string][] = [
  ["created", "modified", "modified is before created"],
  ["valid_from", "valid_until", "valid_until must be after valid_from"],
  ["first_seen", "last_seen", "last_seen is before first_seen"],
  ["first_observed", "last_observed", "last_observed is before first_observed"],
  ["start_time", "stop_time", "stop_time must be after start_time"],
];

type TEntry = { object: Record<string, unknown>; where: string; label: string };

function ruleProblems(entries: TEntry[]): TBundleProblem[] {
  const problems: TBundleProblem[] = [];
  const ids = new Set(entries.map((e) => e.object.id).filter((id): id is string => typeof id === "string"));
  const definedExtensions = new Set([...ids].filter((id) => id.startsWith("extension-definition--")));
  const versions = new Map<string, string>();

  for (const { object, where, label } of entries) {
    const type = typeof object.type === "string" ? object.type : "";
    if (typeof object.id !== "string" || !new RegExp(`^${type.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}--${UUID}$`).test(object.id)) {
      problems.push({ path: `${where}.id`, message: `${label}: id ${shown(object.id)} must be "${type || "<type>"}--" followed by a UUID.` });
    }

    for (const [first, second, wrong] of ORDERED_TIMES) {
      const a = timeOf(object[first]);
      const b = timeOf(object[second]);
      const strict = first === "valid_from" || first === "start_time";
      if (a !== null && b !== null && (strict ? b <= a : b < a)) {
        problems.push({ path: `${where}.${second}`, message: `${label}: ${wrong} (${object[first]} → ${object[second]}).` });
      }
    }

    const version = `${String(object.id)}\n${String(object.modified ?? "")}`;
    const earlier = versions.get(version);
    if (earlier !== undefined) {
      problems.push({
        path: where,
        message: `${label}: the same id${object.modified ? ` and modified (${object.modified})` : ""} as ${earlier}: one version of an object may appear once.`,
      });
    } else {
      versions.set(version, where);
    }

    const refs: TRefVisit[] = [];
    collectRefs(object, where, definedExtensions, refs);
    for (const { path: refPath, property, ref } of refs) {
      if (typeof ref !== "string" || !ids.has(ref)) {
        problems.push({ path: refPath, message: `${label}: ${property} points to ${shown(ref)}, which is not an object in this bundle.` });
      }
    }

    const tlp = typeof object.id === "string" && object.type === "marking-definition" ? tlpOfMarkingId(object.id) : null;
    if (tlp) {
      // A TLP 2.0 id carries a fixed, published definition: a changed copy would say another level.
      const official = tlpMarkingDefinition(tlp);
      const extension = isRecord(object.extensions) ? object.extensions[TLP2_EXTENSION_ID] : undefined;
      const level = isRecord(extension) ? extension.tlp_2_0 : undefined;
      for (const [property, actual, expected] of [
        ["name", object.name, official.name],
        ["created", object.created, official.created],
        [`extensions.${TLP2_EXTENSION_ID}.tlp_2_0`, level, tlp],
      ] as const) {
        if (actual !== expected) {
          problems.push({ path: `${where}.${property}`, message: `${label}: ${property} is ${shown(actual)}, but the published ${TLP_MARKINGS[tlp].name} definition has ${shown(expected)}.` });
        }
      }
    }

    const markingRefs: [string, unknown][] = [];
    if (Array.isArray(object.object_marking_refs)) object.object_marking_refs.forEach((ref, j) => markingRefs.push([`${where}.object_marking_refs[${j}]`, ref]));
    if (Array.isArray(object.granular_markings)) {
      object.granular_markings.forEach((marking, j) => {
        if (isRecord(marking)) markingRefs.push([`${where}.granular_markings[${j}].marking_ref`, marking.marking_ref]);
      });
    }
    for (const [markingPath, ref] of markingRefs) {
      if (typeof ref !== "string" || !TLP_IDS.has(ref)) {
        problems.push({ path: markingPath, message: `${label}: marking ${shown(ref)} is not a TLP 2.0 marking definition; use one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED.` });
      }
    }
  }
  return problems;
}

export function validateBundle(bundle: unknown): TBundleValidation {
  if (!isRecord(bundle)) {
    return { ok: false, problems: [{ path: "(bundle)", message: `Expected a STIX bundle, a JSON object {"type": "bundle", "id", "objects"}, not ${Array.isArray(bundle) ? "an array" : shown(bundle)}.` }] };
  }
  // common/bundle.json is kept for the envelope only. Its per-object rule cannot be used: it omits
  // extension-definition (and grouping, incident, location, note, opinion) from its list, and its
  // custom-object branch is a oneOf of core and cyber-observable-core, which every object with
  // created/modified matches twice. Each object is checked below against its own type's schema,
  // which is what that rule would apply to a correct object, with readable errors.
  // The envelope is checked without its objects: checked there, each object would be tried against
  // every branch of that oneOf (a 105,000-object share took 315 s; its objects alone take seconds).
  const objectCount = Array.isArray(bundle.objects) ? bundle.objects.length : 0;
  const envelope = Array.isArray(bundle.objects) ? { ...bundle, objects: [] } : bundle;
  const problems = schemaProblems("common/bundle.json", envelope, "(bundle)", "The bundle").filter((p) => !/^\(bundle\)\.objects\[\d+\]/.test(p.path) && !(objectCount > 0 && p.path === "(bundle).objects"));
  if (typeof bundle.id === "string" && !new RegExp(`^bundle--${UUID}$`).test(bundle.id)) {
    problems.push({ path: "(bundle).id", message: `The bundle: id ${shown(bundle.id)} must be "bundle--" followed by a UUID.` });
  }
  if (!Array.isArray(bundle.objects)) {
    if (!problems.some((p) => p.path.startsWith("(bundle).objects"))) problems.push({ path: "(bundle).objects", message: "The bundle: objects must be a list of STIX objects." });
    return { ok: false, problems };
  }
  const entries: TEntry[] = [];
  bundle.objects.forEach((object, i) => {
    const where = `objects[${i}]`;
    if (!isRecord(object) || typeof object.type !== "string") {
      problems.push({ path: where, message: `${where}: not a STIX object (a JSON object with a "type").` });
      return;
    }
    const label = `${where} (${typeof object.id === "string" ? object.id : object.type})`;
    problems.push(...schemaProblems(schemaFileFor(object), object, where, label));
    entries.push({ object, where, label });
  });
  problems.push(...ruleProblems(entries));
  return { ok: problems.length === 0, problems };
}
