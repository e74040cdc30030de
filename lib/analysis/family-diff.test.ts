import { describe, expect, it } from "vitest";
import { familyDiff } from "./family-diff";

const render = (a: string, b: string) => familyDiff(a, b).map((p) => (p.op === "same" ? p.text : p.op === "added" ? `{+${p.text}+}` : `[-${p.text}-]`)).join("");

describe("familyDiff", () => {
  it("marks the slots that differ, word by word, and keeps the template as is", () => {
    expect(familyDiff("Think step by step: write a rate limiter in Go. Show every step.", "Think step by step: implement an LRU cache in Rust. Show every step.")).toEqual([
      { op: "same", text: "Think step by step: " },
      { op: "removed", text: "write a rate limiter" },
      { op: "added", text: "implement an LRU cache" },
      { op: "same", text: " in " },
      { op: "removed", text: "Go" },
      { op: "added", text: "Rust" },
      { op: "same", text: ". Show every step." },
    ]);
  });

  it("splits words in scripts diff's own tokeniser does not know", () => {
    expect(render("Подумай шаг за шагом: реализуй быструю сортировку", "Подумай шаг за шагом: объясни алгоритм Дейкстры")).toBe(
      "Подумай шаг за шагом: [-реализуй быструю сортировку-]{+объясни алгоритм Дейкстры+}",
    );
    expect(render("فكر خطوة بخطوة: اكتب خوارزمية", "فكر خطوة بخطوة: احسب تكامل")).toBe("فكر خطوة بخطوة: [-اكتب خوارزمية-]{+احسب تكامل+}");
    expect(render("请一步一步地思考：实现快速排序。每一步都写出来。", "请一步一步地思考：设计一个分布式锁。每一步都写出来。")).toBe(
      "请一步一步地思考：[-实现快速排序-]{+设计一个分布式锁+}。每一步都写出来。",
    );
  });

  it("shows numbers and emoji that normalisation hid when grouping", () => {
    expect(render("Task #4812: 🧠 go", "Task #17: 🧠 go 🎯")).toBe("Task #[-4812-]{+17+}: 🧠 go {+🎯+}");
  });

  it("handles identical, empty and wholly different texts", () => {
    expect(familyDiff("same text", "same text")).toEqual([{ op: "same", text: "same text" }]);
    expect(familyDiff("", "")).toEqual([]);
    expect(familyDiff("", "new")).toEqual([{ op: "added", text: "new" }]);
    // Beyond the edit limit: everything changed, at once, instead of a slow exact diff.
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(" ");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(" ");
    expect(familyDiff(a, b)).toEqual([{ op: "removed", text: a }, { op: "added", text: b }]);
  });
});
