import { describe, expect, it } from "vitest";
import { identifiesSomeone } from "./identifying";

describe("identifiesSomeone", () => {
  it("never counts a number, a date, a time or punctuation", () => {
    for (const n of ["17", " 17", "2026", "2026-05-01", "12:30:00", "=1+2 5", "#1", "", "   ", "a"]) expect(identifiesSomeone(n), n).toBe(false);
  });
  it("never counts a word the package itself writes, or a generic organisation name", () => {
    for (const n of ["Exhibit", "Page", "Page 1", "Lab", "Lab 4", "accounts", "Research, Inc. 12", "Research Lab", "Normal User", 'ops "bot"', "Executive summary", "Key facts", "Agentic reasoning", "Legal Referral", "研究 3"]) {
      expect(identifiesSomeone(n), n).toBe(false);
    }
  });
  it("counts two or more words with a name in them, or one long name", () => {
    for (const n of ["Lin W", "M Chen", "Zhang, Kai", "Zhangwei", "王小明", "김민준", "דוד בן אברהם", "محمد عبد الله", "Đặng Thị Ngọc", "Research Lab Kowalski"]) expect(identifiesSomeone(n), n).toBe(true);
  });
  it("does not count one short word on its own", () => {
    for (const n of ["Kai", "Zhang", "研究", "李明"]) expect(identifiesSomeone(n), n).toBe(false);
  });
});
