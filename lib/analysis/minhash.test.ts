import { describe, expect, it } from "vitest";
import { rng } from "@/lib/demo/generate";
import { bandKeys, estimateJaccard, hashString, minhashSignature, normalisePrompt, shingleHashes, signatureId, signer, tokenise } from "./minhash";

const COT = "Think step by step and write out all of your internal reasoning before answering: implement an LRU cache in Rust. Show every intermediate step.";

describe("normalisePrompt", () => {
  it("lowercases, folds compatibility forms, masks digits and collapses whitespace", () => {
    expect(normalisePrompt("  Task #4812:\tSOLVE\n\n it  ")).toBe("task #0: solve it");
    expect(normalisePrompt("Task #17: solve it")).toBe("task #0: solve it");
    // Full-width Latin and digits (NFKC), Arabic-Indic digits, the ideographic space.
    expect(normalisePrompt("ＴＡＳＫ　１２ ٤٨١٢")).toBe("task 0 0");
  });
  it("lowercases the same way whatever the locale", () => {
    // toLocaleLowerCase("tr") would give a dotless ı; toLowerCase never does.
    expect(normalisePrompt("TITLE İ")).toBe("title i\u0307");
  });
});

describe("tokenise", () => {
  it("splits spaced scripts into words and unspaced ones into characters", () => {
    expect(tokenise(normalisePrompt("Déjà vu, привет! مرحبا بك 안녕 하세요"))).toEqual(["déjà", "vu", "привет", "مرحبا", "بك", "안녕", "하세요"]);
    expect(tokenise("请思考abc中文かなカナ")).toEqual(["请", "思", "考", "abc", "中", "文", "か", "な", "カ", "ナ"]);
    expect(tokenise("ภาษาไทย")).toHaveLength(7);
  });
  it("keeps emoji as tokens and drops punctuation", () => {
    expect(tokenise("🧠🔍 deep mode!!! ✅")).toEqual(["🧠", "🔍", "deep", "mode", "✅"]);
  });
  it("gives text with no tokens a shingle of its own", () => {
    expect(shingleHashes("???", 3)).toHaveLength(1);
    expect(shingleHashes("???", 3)[0]).not.toBe(shingleHashes("!!!", 3)[0]);
    expect(shingleHashes("two words", 3)).toHaveLength(1);
    expect(shingleHashes("one two three four", 3)).toHaveLength(2);
  });
});

describe("minhashSignature", () => {
  it("is the same for texts that normalise alike, and depends on word order", () => {
    expect(minhashSignature("Task #1: sort THE list")).toEqual(minhashSignature("task #999:   sort the list"));
    expect(minhashSignature("sort the list now")).not.toEqual(minhashSignature("now the list sort"));
  });

  it("estimates Jaccard similarity without bias", () => {
    // Random sets with a known overlap: the estimate's error, in standard deviations of the
    // binomial it should follow, has mean ~0 and spread ~1.
    const r = rng(11);
    const word = () => Math.floor(r() * 1e9).toString(36);
    const errors: number[] = [];
    for (let t = 0; t < 400; t++) {
      const common = Array.from({ length: 5 + (t % 30) }, word);
      const a = Array.from({ length: 5 + ((t * 7) % 30) }, word);
      const b = Array.from({ length: 5 + ((t * 7) % 30) }, word);
      const j = common.length / (common.length + a.length + b.length);
      // shingle 1: each word is one shingle, so the true Jaccard is known exactly.
      const est = estimateJaccard(minhashSignature([...common, ...a].join(" "), { shingle: 1 }), minhashSignature([...common, ...b].join(" "), { shingle: 1 }));
      errors.push((est - j) / Math.sqrt((j * (1 - j)) / 128));
    }
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    const sd = Math.sqrt(errors.reduce((s, e) => s + (e - mean) ** 2, 0) / errors.length);
    expect(Math.abs(mean)).toBeLessThan(0.2);
    expect(sd).toBeGreaterThan(0.8);
    expect(sd).toBeLessThan(1.2);
  });

  it("rejects options that cannot band", () => {
    expect(() => minhashSignature("x", { hashes: 100, bands: 32 })).toThrow(RangeError);
    expect(() => signer({ shingle: 0 })).toThrow(RangeError);
  });
});

describe("band keys", () => {
  it("are golden: any change to normalising, tokenising or hashing shows up here", () => {
    // Band keys are compared across cases and stored; if this fails, old keys no longer match
    // new ones. Change the expected values only on purpose, and say so in the commit.
    expect(hashString("step")).toBe(1457656446);
    const sig = minhashSignature(COT);
    expect([sig[0], sig[127]]).toEqual([521063164, 89789116]);
    const keys = bandKeys(sig);
    expect(keys).toHaveLength(32);
    expect(keys.slice(0, 2)).toEqual(["0:9421d94f2cfa9ce3", "1:56e278549e44f25e"]);
    expect(keys[31]).toBe("31:204f76fe3e516c8e");
    expect(signatureId(sig)).toBe("27b79c1152bacb3b");
    expect(bandKeys(minhashSignature("请一步一步地思考，并写出你全部的推理过程：实现快速排序。"))[0]).toBe("0:8143597b9e94de7f");
  });

  it("are shared by near-duplicates and not by unrelated texts", () => {
    const shared = (a: string, b: string) => {
      const kb = new Set(bandKeys(minhashSignature(b)));
      return bandKeys(minhashSignature(a)).filter((k) => kb.has(k)).length;
    };
    expect(shared(COT, COT.replace("an LRU cache in Rust", "a rate limiter in Go"))).toBeGreaterThan(0);
    expect(shared(COT, "What is the capital of France, and how did it come to be the capital?")).toBe(0);
  });

  it("differ between bands with equal rows", () => {
    const sig = new Uint32Array(128).fill(7);
    const keys = bandKeys(sig).map((k) => k.split(":")[1]);
    expect(new Set(keys).size).toBe(32);
  });
});
