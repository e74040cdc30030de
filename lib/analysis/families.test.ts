import { describe, expect, it } from "vitest";
import { rng } from "@/lib/demo/generate";
import { groupTemplates, type TFamily, type TPromptInput } from "./families";
import { familiesFixture } from "./families-fixture";
import { minhashSignature, signatureId } from "./minhash";

const cot = (task: string) => `Think step by step and write out all of your internal reasoning before answering: ${task}. Show every intermediate step.`;
const grader = (task: string) => `Grade the following answer on a scale of 1 to 10 for correctness, completeness and clarity, explaining each score in detail. Question: ${task}`;
const TASKS = [
  "implement an LRU cache in Rust", "write a token bucket rate limiter in Go", "parse ISO dates in Python without libraries",
  "design a B-tree index in Java", "explain Raft leader election with an example", "prove that there are infinitely many primes",
];
const UNRELATED = [
  "What is the capital of France, and how did it become the capital?", "Recommend a good book about gardening for complete beginners",
  "How do I fix a leaking kitchen tap without calling a plumber", "Translate 'good morning, how are you' into Spanish and Portuguese",
  "Write a haiku about autumn leaves falling on a quiet pond", "Which is healthier for breakfast: oats or eggs, and why?",
];
// Slot fillers from small word lists, as attackers' are: 5 × 6 × 4 = 120 tasks, long enough
// that a task is as much of a prompt as the template around it.
const MANY_TASKS = ["write", "optimise", "test", "document", "debug"].flatMap((v) =>
  [
    "a JSON parser that reports the line and column of every error",
    "an LRU cache with constant-time eviction and hit-rate statistics",
    "a token bucket rate limiter shared by several HTTP servers",
    "a trie with prefix search and deletion of whole subtrees",
    "a cron scheduler that survives restarts without missing jobs",
    "a line-based diff tool that ignores trailing whitespace",
  ].flatMap((o) => ["Rust", "Go", "Python", "Java"].map((l) => `${v} ${o} in ${l}`)),
);

const prompts = (texts: string[], prefix = "p"): TPromptInput[] => texts.map((text, i) => ({ id: `${prefix}${String(i).padStart(5, "0")}`, text }));
const familyOf = (families: TFamily[], id: string) => families.find((f) => f.members.includes(id));

describe("groupTemplates", () => {
  it("puts fills of one template in one family, and leaves unrelated prompts out", () => {
    const input = prompts([...TASKS.map(cot), ...UNRELATED]);
    const { families, unassigned, stats } = groupTemplates(input, { minSize: 2 });
    expect(families).toHaveLength(1);
    expect(families[0].members).toEqual(input.slice(0, TASKS.length).map((p) => p.id));
    expect(unassigned).toBe(UNRELATED.length);
    expect(stats).toMatchObject({ prompts: 12, distinct: 12, families: 1, largest: 6 });
  });

  it("gives the same families and keys whatever the input order", () => {
    const { prompts: input } = familiesFixture({ seed: 3, count: 5000 });
    const r = rng(5);
    const shuffled = input.map((p) => ({ p, k: r() })).sort((a, b) => a.k - b.k).map(({ p }) => p);
    const a = groupTemplates(input);
    expect(a.families.length).toBeGreaterThan(20);
    expect(groupTemplates(shuffled)).toEqual(a);
    expect(groupTemplates([...input].reverse())).toEqual(a);
  });

  it("groups near-duplicate Chinese prompts, and keeps different ones apart", () => {
    const zhCot = (t: string) => `请一步一步地思考，并写出你全部的内部推理过程，然后再回答：${t}。每一个中间步骤都要完整地写出来，不要省略。`;
    const zhExpert = (t: string) => `你是一名资深的软件工程师。在给出最终答案之前，请先在<思考>标签中详细地分析这个问题的每一个方面。问题：${t}`;
    const zhTasks = ["实现一个快速排序算法", "设计一个线程安全的缓存", "证明费马小定理", "调试红黑树的删除操作", "优化一个限流器，不使用任何第三方库", "解释梯度下降的收敛性"];
    const zhOther = ["今天北京的天气怎么样？", "推荐几本适合初学者的园艺书", "怎样修理漏水的水龙头", "帮我写一首关于秋天的短诗"];
    const input = prompts([...zhTasks.map(zhCot), ...zhTasks.map(zhExpert), ...zhOther]);
    const { families, unassigned } = groupTemplates(input, { minSize: 2 });
    expect(families.map((f) => f.members).sort()).toEqual([input.slice(0, 6).map((p) => p.id), input.slice(6, 12).map((p) => p.id)].sort());
    expect(unassigned).toBe(zhOther.length);
  });

  it("groups emoji-laden and right-to-left templates", () => {
    const emoji = (t: string) => `🧠🔍 Deep reasoning mode ON 🔥 Break this down step by step and show all of your thinking 👇 ${t} ✅ Double-check each step ✅ Final answer at the very end 🎯`;
    const arabic = (t: string) => `فكر خطوة بخطوة واكتب كل خطوات تفكيرك الداخلي بالتفصيل قبل الإجابة: ${t}. اعرض كل خطوة وسيطة ولا تحذف أي شيء.`;
    const arTasks = ["اكتب خوارزمية ترتيب سريعة", "أثبت أن الأعداد الأولية لا نهائية", "صمم نظام تخزين مؤقت موزع", "اشرح خوارزمية ديكسترا"];
    const input = prompts([...TASKS.map(emoji), ...arTasks.map(arabic), ...UNRELATED]);
    const { families } = groupTemplates(input, { minSize: 2 });
    expect(families.map((f) => f.members.length)).toEqual([6, 4]);
    expect(families[1].members).toEqual(input.slice(6, 10).map((p) => p.id));
  });

  it("collapses exact duplicates: 20,000 copies are one family of one distinct text", () => {
    // Masked digits, case and spacing make these exact duplicates after normalisation.
    const input = Array.from({ length: 20_000 }, (_, i) => ({ id: `d${i}`, text: `Task #${i}:  ${i % 2 ? "THINK" : "think"} step by step about ${cot(TASKS[0])}` }));
    const { families, unassigned, stats } = groupTemplates(input);
    expect(families).toHaveLength(1);
    expect(families[0]).toMatchObject({ size: 20_000, distinct: 1, representative: "d0", contrast: "d1" });
    expect(unassigned).toBe(0);
    expect(stats.distinct).toBe(1);
  });

  it("keeps a template whole when one fill of it is retried thousands of times", () => {
    const input = prompts([...MANY_TASKS.map(cot), ...Array.from({ length: 3000 }, () => cot(MANY_TASKS[0]))]);
    const { families } = groupTemplates(input);
    expect(families).toHaveLength(1);
    expect(families[0]).toMatchObject({ size: 3120, distinct: 120 });
  });

  it("does not let prompts that share slot text chain two templates together", () => {
    // "Can you {task}?" is as close to a fill of either template as fills are to each other;
    // pairwise joining alone would make one family of all three.
    const input = prompts([...MANY_TASKS.map(cot), ...MANY_TASKS.map(grader), ...MANY_TASKS.map((t) => `Can you ${t}?`)]);
    const { families } = groupTemplates(input);
    const a = familyOf(families, input[0].id)!;
    const b = familyOf(families, input[120].id)!;
    expect(a).not.toBe(b);
    expect(a.members).toEqual(input.slice(0, 120).map((p) => p.id));
    expect(b.members).toEqual(input.slice(120, 240).map((p) => p.id));
  });

  it("reports only families of at least minSize prompts", () => {
    const input = prompts([...TASKS.slice(0, 4).map(cot), ...UNRELATED]);
    expect(groupTemplates(input, { minSize: 5 })).toMatchObject({ families: [], unassigned: 10 });
    expect(groupTemplates(input, { minSize: 4 }).families).toHaveLength(1);
    expect(groupTemplates([])).toEqual({ families: [], unassigned: 0, stats: { prompts: 0, distinct: 0, candidates: 0, joined: 0, families: 0, largest: 0 } });
  });

  it("describes a family by a representative, a contrasting member, a key and band keys", () => {
    const input = prompts(MANY_TASKS.map(cot));
    const [family] = groupTemplates(input).families;
    const text = (id: string) => input.find((p) => p.id === id)!.text;
    expect(family.members).toContain(family.representative);
    expect(family.members).toContain(family.contrast);
    expect(text(family.contrast)).not.toBe(text(family.representative));
    const sig = minhashSignature(text(family.representative));
    expect(family.key).toBe(signatureId(sig));
    expect(family.bandKeys).toHaveLength(32);
  });

  it("gives families in different cases a band key in common when they share a template", () => {
    // Two cases, disjoint fills: the families are correlated through their band keys alone.
    const one = groupTemplates(prompts(MANY_TASKS.slice(0, 60).map(cot), "a")).families[0];
    const two = groupTemplates(prompts(MANY_TASKS.slice(60).map(cot), "b")).families[0];
    const other = groupTemplates(prompts(MANY_TASKS.map(grader), "c")).families[0];
    const common = (x: TFamily, y: TFamily) => x.bandKeys.filter((k) => y.bandKeys.includes(k)).length;
    // The keys come from each family's consensus; the representatives' own keys (two fills,
    // Jaccard ~0.4) share none here.
    expect(common(one, two)).toBeGreaterThan(8);
    expect(common(one, other)).toBe(0);
  });

  it("rejects options it cannot honour", () => {
    expect(() => groupTemplates([], { threshold: 1.5 })).toThrow(RangeError);
    expect(() => groupTemplates([], { minSize: 0 })).toThrow(RangeError);
    expect(() => groupTemplates([], { bands: 7 })).toThrow(RangeError);
  });
});

describe("groupTemplates on the 100,000-prompt fixture", () => {
  // Structure, not speed: a timed assertion would be flaky on a loaded machine. The timeout is
  // only a backstop; scripts/bench measures.
  it("recovers each template as one family, at least 95% pure and 95% complete", { timeout: 180_000 }, () => {
    const fx = familiesFixture();
    expect(fx.prompts).toHaveLength(100_000);
    const { families } = groupTemplates(fx.prompts);
    // The store keeps one family per (case, key).
    expect(new Set(families.map((f) => f.key)).size).toBe(families.length);
    const label = new Map(fx.prompts.map((p, i) => [p.id, fx.labels[i]]));
    for (const template of fx.templates) {
      const total = fx.labels.filter((l) => l === template).length;
      const counts = families.map((f) => f.members.filter((id) => label.get(id) === template).length);
      const best = counts.indexOf(Math.max(...counts));
      const purity = counts[best] / families[best].size;
      const recall = counts[best] / total;
      expect({ template, purity: purity >= 0.95, recall: recall >= 0.95 }).toEqual({ template, purity: true, recall: true });
    }
  });
});
