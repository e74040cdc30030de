// When is an account's display name personal data? Display names are written by the adversary: a
// name such as "Exhibit", "17", "Lab" or "2026-05-01" names no one, and if it counted, any word the
// package prints (a heading, a page number, a date) would match it, so an adversary could block
// every congressional letter or have every "Lab" withheld from a referral. Pure.
//
// A display name identifies someone when, NFKC-normalised with its spaces collapsed:
//   1. it has at least two letters (so never a number, a date, a time or punctuation);
//   2. at least one of its words is not a common word: everyday English, the generic words of
//      organisation names ("Research", "Inc.", "Lab"), and the words Casebook itself writes in a
//      package ("Exhibit", "Page", "Appendix", the capability taxonomy…);
//   3. it is long enough to single someone out: two or more words of letters, or six letters or more
//      (a CJK, kana or Hangul character counts as two: "王小明" and "김민준" do, "研究" does not).

const WORD = /\p{L}[\p{L}\p{M}'’]*/gu;
const WIDE = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u3040-\u30FF]/u;

const COMMON = new Set(
  (
    // Everyday English: articles, pronouns, prepositions, auxiliaries and the most frequent words.
    "a an the and or but nor not no yes of to in on at by for from with without about above below over under into onto out up down off " +
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs this that these those who whom whose which what " +
    "is am are was were be been being have has had do does did will would shall should can could may might must " +
    "all any some none each every both either neither one two three four five six seven eight nine ten first second third last next new old " +
    "good bad big small great little long short high low more most less least many much few other another same such only own just very too " +
    "here there where when why how then than now again also still even ever never always often" +
    " day days week weeks month months year years time times today yesterday tomorrow morning evening night " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december " +
    "hello hi hey dear thanks thank please ok okay welcome test testing demo sample example default unknown none null nil undefined anonymous guest " +
    "normal real true false fake free trial basic pro premium standard personal private public official main primary secondary temp temporary " +
    "user users name names account accounts admin administrator root support info contact service services help desk team staff member members " +
    "bot bots ops dev devs api app apps web mail email login password client server system systems data net network cloud proxy " +
    // Generic words of organisation names.
    "lab labs laboratory laboratories research institute institution university college school academy center centre foundation society " +
    "company co corp corporation inc incorporated ltd limited llc llp plc gmbh ag sa sas bv srl pte pty kk group holdings holding partners " +
    "international global national national worldwide digital tech technology technologies solutions software systems consulting ventures labs " +
    "studio studios works industries enterprise enterprises associates agency office department dept division unit project projects " +
    // What Casebook writes in a package: headings, labels, the capability taxonomy.
    "exhibit exhibits page pages appendix appendices contents summary executive findings finding attribution scale capability capabilities " +
    "targeted methodology recommendations recommendation figure figures key facts fact cover letter congressional congress legal referral " +
    "confidential attorney work product use redaction redactions log custody chain audit excerpt certification draft evidence package " +
    "case cases cluster clusters exchange exchanges model models window severity requested approved approval head covered event events " +
    "signal signals linking linked value values status origin imported suggested accepted rejected proposed banned suspended active " +
    "country signup ip ips asn payment fingerprint fingerprints org orgs agent agents created when who action note hash bates " +
    "prompt prompts response responses tokens token completion sample samples annotated share estimated estimate estimates interval statement " +
    "agentic reasoning software engineering horizon tasks task tool tools chain thought elicitation safety alignment probing math science " +
    "multilingual other trace traces coding code distillation distilled campaign campaigns withheld withhold rule rules flag flags"
  ).split(/\s+/),
);

const letters = (s: string) => [...s].reduce((n, ch) => n + (/\p{L}/u.test(ch) ? (WIDE.test(ch) ? 2 : 1) : 0), 0);

/** Whether a display name could identify someone (the rule above); always false for a bare number. */
export function identifiesSomeone(displayName: string): boolean {
  const name = displayName.normalize("NFKC").replace(/\s+/g, " ").trim();
  const words = name.match(WORD) ?? [];
  const weight = letters(name);
  if (weight < 2) return false;
  if (words.every((w) => COMMON.has(w.toLowerCase().replace(/['’]s$/, "")))) return false;
  return words.length >= 2 || weight >= 6;
}
