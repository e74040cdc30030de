import { describe, expect, it } from "vitest";
import { buildBundle, KEYED_EXTENSION_ID, type TShareInput, type TStixBundle, type TStixObject } from "./stix";
import { validateBundle } from "./validate";

const input: TShareInput = {
  lab: { name: "Northwind AI" },
  recipient: { id: "partner-aurora", name: "Aurora Labs", key: new Uint8Array(32).fill(7) },
  case: { id: "case-1", ref: "CB-2026-001", title: "Answer harvesting" },
  tlp: "green",
  created: new Date("2026-12-01T00:00:00Z"),
  modified: new Date("2026-12-07T10:00:00Z"),
  validFrom: new Date("2026-12-07T10:00:00Z"),
  validUntil: new Date("2027-03-07T10:00:00Z"),
  window: { first: new Date("2026-10-01T00:00:00Z"), last: new Date("2026-11-30T00:00:00Z") },
  volume: { accounts: 12, exchanges: 40_000 },
  keyed: [{ kind: "email", value: "harvester@relay.example" }],
  ipRanges: ["198.51.100.0/24"],
  asnUserAgents: [{ asn: 64500, userAgent: "python-httpx/0.27.0" }],
  templateSignatures: [{ family: "Family 1", bandKeys: ["00ff11ee22dd33cc"] }],
};

/** A fresh valid bundle, the index of the first object of `type`, and that object to break. */
function withObject(type: string): { bundle: TStixBundle; index: number; object: TStixObject } {
  const bundle = structuredClone(buildBundle(input));
  const index = bundle.objects.findIndex((o) => o.type === type);
  return { bundle, index, object: bundle.objects[index] };
}

describe("validateBundle", () => {
  it("accepts a bundle buildBundle made", () => {
    expect(validateBundle(buildBundle(input))).toEqual({ ok: true, problems: [] });
  });

  it("catches a `modified` before `created`, naming the object", () => {
    const { bundle, index, object } = withObject("campaign");
    object.modified = "2026-11-01T00:00:00.000Z";
    const { ok, problems } = validateBundle(bundle);
    expect(ok).toBe(false);
    expect(problems).toEqual([{ path: `objects[${index}].modified`, message: `objects[${index}] (${object.id}): modified is before created (2026-12-01T00:00:00.000Z → 2026-11-01T00:00:00.000Z).` }]);
  });

  it("catches a created_by_ref and an object_refs entry that point outside the bundle", () => {
    const { bundle, index, object } = withObject("indicator");
    const stranger = "identity--0b6e9f1c-5a3d-4c2b-9e8f-7a6b5c4d3e2f";
    object.created_by_ref = stranger;
    const observedIndex = bundle.objects.findIndex((o) => o.type === "observed-data");
    const observed = bundle.objects[observedIndex];
    (observed.object_refs as string[]).push("ipv4-addr--5f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f");
    const { problems } = validateBundle(bundle);
    expect(problems).toEqual([
      { path: `objects[${observedIndex}].object_refs[${(observed.object_refs as string[]).length - 1}]`, message: expect.stringContaining(`objects[${observedIndex}] (${observed.id}): object_refs points to "ipv4-addr--5f0c1d2e`) },
      { path: `objects[${index}].created_by_ref`, message: `objects[${index}] (${object.id}): created_by_ref points to "${stranger}", which is not an object in this bundle.` },
    ]);
  });

  it("catches a marking that is not TLP 2.0", () => {
    const { bundle, index, object } = withObject("relationship");
    const tlp1Green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    object.object_marking_refs = [tlp1Green];
    const { problems } = validateBundle(bundle);
    expect(problems).toContainEqual({
      path: `objects[${index}].object_marking_refs[0]`,
      message: `objects[${index}] (${object.id}): marking "${tlp1Green}" is not a TLP 2.0 marking definition; use one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED.`,
    });
  });

  it("catches a TLP 2.0 marking definition whose content was changed", () => {
    const { bundle, index, object } = withObject("marking-definition");
    object.name = "TLP:CLEAR";
    expect(validateBundle(bundle).problems).toEqual([
      { path: `objects[${index}].name`, message: `objects[${index}] (${object.id}): name is "TLP:CLEAR", but the published TLP:GREEN definition has "TLP:GREEN".` },
    ]);
  });

  it("catches schema violations with the object, the property and the schema", () => {
    const { bundle, index, object } = withObject("indicator");
    delete object.pattern;
    object.valid_from = "7 December 2026";
    const { problems } = validateBundle(bundle);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: `objects[${index}].pattern`, message: `objects[${index}] (${object.id}): missing required property "pattern" (sdos/indicator.json).` },
        {
          path: `objects[${index}].valid_from`,
          message: `objects[${index}] (${object.id}): valid_from "7 December 2026" is not a STIX timestamp (RFC 3339 in UTC), like 2026-12-07T10:00:00.000Z (sdos/indicator.json).`,
        },
      ]),
    );
  });

  it("checks the keyed extension's contents against the extension schema rules", () => {
    const { bundle } = withObject("indicator");
    const keyed = bundle.objects.find((o) => o.type === "indicator" && o.extensions)!;
    (keyed.extensions as Record<string, Record<string, unknown>>)[KEYED_EXTENSION_ID].Kind = "email";
    const keyedIndex = bundle.objects.indexOf(keyed);
    expect(validateBundle(bundle).problems).toContainEqual({
      path: `objects[${keyedIndex}].extensions.${KEYED_EXTENSION_ID}.Kind`,
      message: expect.stringContaining(`objects[${keyedIndex}] (${keyed.id}): property "Kind" is not allowed in extensions.${KEYED_EXTENSION_ID}`),
    });
  });

  it("catches ids of the wrong shape and a version that appears twice", () => {
    const { bundle, index, object } = withObject("campaign");
    bundle.objects.push(structuredClone(object));
    const relationship = bundle.objects.find((o) => o.type === "relationship")!;
    relationship.id = relationship.id.replace("relationship--", "relation--");
    const relationshipIndex = bundle.objects.indexOf(relationship);
    const { problems } = validateBundle(bundle);
    expect(problems).toContainEqual({
      path: `objects[${bundle.objects.length - 1}]`,
      message: `objects[${bundle.objects.length - 1}] (${object.id}): the same id and modified (2026-12-07T10:00:00.000Z) as objects[${index}]: one version of an object may appear once.`,
    });
    expect(problems).toContainEqual({ path: `objects[${relationshipIndex}].id`, message: expect.stringContaining(`must be "relationship--" followed by a UUID`) });
  });

  it("accepts a newer version of an object next to the older one", () => {
    const { bundle, object } = withObject("campaign");
    bundle.objects.push({ ...structuredClone(object), modified: "2026-12-08T00:00:00.000Z", last_seen: "2026-12-01T00:00:00.000Z" });
    expect(validateBundle(bundle)).toEqual({ ok: true, problems: [] });
  });

  it("explains what is wrong with something that is not a bundle", () => {
    expect(validateBundle([1, 2])).toEqual({ ok: false, problems: [{ path: "(bundle)", message: expect.stringContaining("not an array") }] });
    expect(validateBundle({ type: "report", id: "report--0b6e9f1c-5a3d-4c2b-9e8f-7a6b5c4d3e2f" }).problems).toEqual(
      expect.arrayContaining([
        { path: "(bundle).type", message: expect.stringContaining('"report" is not one of "bundle"') },
        { path: "(bundle).objects", message: "The bundle: objects must be a list of STIX objects." },
      ]),
    );
    expect(validateBundle({ type: "bundle", id: "bundle--0b6e9f1c-5a3d-4c2b-9e8f-7a6b5c4d3e2f", objects: ["x"] }).problems).toEqual([
      { path: "objects[0]", message: 'objects[0]: not a STIX object (a JSON object with a "type").' },
    ]);
  });
});
