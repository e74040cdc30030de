// Versioned rules that flag what a sample's prompt or response is after (chain-of-thought
// elicitation, agent scaffolds, tool-call transcripts, plan revision, refusal probing). Pure.
//
// Flags are leads for an analyst to confirm or reject, not findings, so rules lean to recall.
// Offsets are code points into the stored text (see spans.ts), end exclusive. Sample text is
// written by the adversary, so every pattern has only bounded quantifiers ({m,n} and ?, never *,
// + or {m,}): a match attempt then reads a bounded number of characters, and a scan is linear in
// the text whatever it contains (rules.test.ts checks the patterns' structure). Text is matched as
// stored, without normalisation, so offsets stay true.
import type { CAPABILITY_KEYS } from "../demo/generate";
import { sliceCodePoints, utf16ToCodePointMapper } from "./spans";

/** Bump when any rule is added, removed or changed (and bump that rule's own version). */
export const RULESET_VERSION = 1;
/** Flags kept per rule and field: a 100 KB sample repeating a phrase gives 20 leads, not 5,000 rows. */
export const MAX_FLAGS_PER_RULE = 20;

/** A key of the taxonomy every install starts with; an admin may rename it, never re-key it. */
export type TCapabilityKey = (typeof CAPABILITY_KEYS)[number];
export type TRuleField = "prompt" | "response";
/** A match in code points: text.slice would need codePointToUtf16 first. */
export type TRuleMatch = { start: number; end: number; matched: string };
export type TRuleFlag = { ruleId: string; ruleVersion: number; field: TRuleField; start: number; end: number; matched: string };

export type TRule = {
  id: string;
  version: number;
  name: string;
  description: string;
  capabilityKey: TCapabilityKey;
  fields: readonly TRuleField[];
  /** Each match flags on its own. */
  patterns: readonly RegExp[];
  /** Weak markers that flag only when at least `minDistinct` different ones appear in the text. */
  corroborating?: { patterns: readonly RegExp[]; minDistinct: number };
  /** Matches in the text, ordered, non-overlapping (overlaps merged), at most MAX_FLAGS_PER_RULE. */
  test(text: string): TRuleMatch[];
};

// Pieces for patterns. SEP: one to three spaces, hyphens, underscores or zero-width characters
// (attackers split phrases with U+200B to dodge filters). B0/B1: letter boundaries that, unlike \b,
// know that é and ß are letters. LINE: the start of a line.
const SEP = String.raw`[\s\u200b-\u200d\u2060_-]{1,3}`;
const B0 = String.raw`(?<![\p{L}\p{N}_])`;
const B1 = String.raw`(?![\p{L}\p{N}_])`;
const LINE = String.raw`(?<![^\n])[ \t]{0,8}`;
const re = (source: string) => new RegExp(source, "giu");
/** English phrase words joined by SEP, whole words only. */
const words = (...parts: string[]) => re(`${B0}${parts.join(SEP)}${B1}`);
const opt = (word: string) => `(?:${word}${SEP})?`;

type TRuleDef = Omit<TRule, "test">;

const DEFS: TRuleDef[] = [
  {
    id: "cot-elicitation",
    version: 1,
    name: "Chain-of-thought elicitation",
    description: "The prompt asks the model to write out its step-by-step or internal reasoning.",
    capabilityKey: "cot-elicitation",
    fields: ["prompt"],
    patterns: [
      // "step-by-step instructions" asks for a procedure, not for the model's reasoning.
      re(`${B0}step${SEP}by${SEP}step${B1}(?!${SEP}(?:instructions|guide|tutorial|recipe|directions|installation)${B1})`),
      re(
        `${B0}(?:show|write|spell|lay|print|output|reveal|explain|walk|give|share|include)(?:${SEP}(?:out|through|down|me|us)){0,2}${SEP}` +
          `${opt("(?:all|each|every)")}${opt("of")}your${SEP}(?:(?:full|complete|entire|detailed|internal|hidden|private|raw|inner|intermediate)${SEP}){0,3}` +
          `(?:reasoning|thinking|thought${SEP}process|thoughts|chain${SEP}of${SEP}thought|scratchpad|reasoning${SEP}steps)${B1}`,
      ),
      words("chain", "of", "thoughts?"),
      words("(?:internal|hidden|private|inner)", "(?:reasoning|monologue|thoughts|thinking)"),
      re(String.raw`<\/?(?:think|thinking|reasoning|scratchpad)>`),
      // Other languages: "step by step" and "thought / reasoning process".
      re(`${B0}(?:paso${SEP}a${SEP}paso|passo${SEP}a${SEP}passo|étape${SEP}par${SEP}étape|schritt${SEP}für${SEP}schritt|шаг${SEP}за${SEP}шагом|passo${SEP}dopo${SEP}passo)${B1}`),
      re(`خطوة${SEP}بخطوة`),
      re("一步一步|逐步(?:推理|思考|解释|说明)|思考过程|推理过程|思维链|ステップバイステップ|段階的に|順を追って|思考過程|단계별로|차근차근"),
    ],
  },
  {
    id: "agent-scaffold",
    version: 1,
    name: "Autonomous agent scaffold",
    description: "The prompt sets the model up as an autonomous agent: agent persona, act-without-asking instructions, or a Thought/Action/Observation loop.",
    capabilityKey: "agentic-reasoning",
    fields: ["prompt"],
    patterns: [
      re(`${B0}you${SEP}are${SEP}an?${SEP}${opt("(?:fully|highly)")}autonomous${SEP}(?:\\p{L}{1,20}${SEP}){0,2}agent${B1}`),
      words("(?:operate|act|work|run|proceed)", "autonomously"),
      re(`${B0}without${SEP}(?:asking|waiting${SEP}for|checking${SEP}(?:in${SEP})?with)${SEP}${opt("the")}(?:user|human|me|operator)${B1}`),
      re(`${B0}(?:keep|continue)${SEP}(?:going|working|looping|iterating)${SEP}until${SEP}${opt("the")}(?:task|goal|objective)${SEP}is${SEP}(?:complete|completed|done|achieved)${B1}`),
      re(`${B0}(?:auto-?gpt|babyagi)${B1}`),
      re("自主(?:\\p{Script=Han}{0,6})(?:智能体|代理)"),
    ],
    // A ReAct loop shows as line-start markers; one alone ("Plan:") is ordinary text.
    corroborating: {
      minDistinct: 2,
      patterns: [re(`${LINE}thought[ \\t]{0,3}:`), re(`${LINE}action[ \\t]{0,3}:`), re(`${LINE}action${SEP}input[ \\t]{0,3}:`), re(`${LINE}observation[ \\t]{0,3}:`), re(`${LINE}final${SEP}answer[ \\t]{0,3}:`)],
    },
  },
  {
    id: "tool-call-transcript",
    version: 1,
    name: "Tool-call transcript",
    description: "Tool or function calls in the text (JSON tool_calls, tool tags, 'Tool call:' lines), or a prompt that offers tools and asks for each call.",
    capabilityKey: "tool-use",
    fields: ["prompt", "response"],
    patterns: [
      re(String.raw`"(?:tool_calls|function_call|tool_call_id|tool_use_id)"\s{0,3}:`),
      re(String.raw`"type"\s{0,3}:\s{0,3}"(?:function|tool_use|tool_result|function_call)"`),
      re(String.raw`"role"\s{0,3}:\s{0,3}"(?:tool|function)"`),
      re(String.raw`<(?:tool_call|tool_use|tool_result|function_call|function_calls|invoke)(?=[\s>/])`),
      re(`${LINE}(?:tool${SEP}(?:call|result|output)|function${SEP}call)[ \\t]{0,3}:`),
      re(`${B0}you${SEP}have${SEP}${opt("access")}${opt("to")}${opt("the")}${opt("following")}tools[ \\t]{0,3}:`),
      words("(?:print|show|log|output|list)", "(?:each|every|all|the)", "(?:tool|function)", "calls?"),
    ],
  },
  {
    id: "plan-revision",
    version: 1,
    name: "Multi-turn plan revision",
    description: "The text keeps or revises a plan across steps: revise/update the plan, re-plan, a running plan, a failed previous step.",
    capabilityKey: "long-horizon",
    fields: ["prompt", "response"],
    patterns: [
      re(
        `${B0}(?:revise|update|adjust|amend|rework|refine|modify|rewrite)${SEP}(?:your|the|my|our)${SEP}` +
          `(?:(?:current|original|previous|overall|running)${SEP})?plan${B1}`,
      ),
      re(`${B0}re-?plan(?:s|ned|ning)?${B1}`),
      words("(?:running|rolling|revised|updated)", "plan"),
      re(`${B0}(?:previous|last|earlier)${SEP}(?:step|attempt|approach|action)${SEP}(?:failed|did${SEP}not${SEP}work|didn['’]t${SEP}work|was${SEP}wrong)${B1}`),
      re(`${B0}(?:revisa|actualiza|ajusta)${SEP}(?:tu|el)${SEP}plan${B1}`),
      re(`${B0}(?:révise|ajuste|mets${SEP}à${SEP}jour)${SEP}(?:ton|votre|le)${SEP}plan${B1}`),
      re(`${B0}(?:überarbeite|aktualisiere|passe)${SEP}(?:deinen|den|ihren)${SEP}plan${B1}`),
      re("(?:修改|更新|调整|修订)(?:你的|一下)?计划|重新(?:规划|制定计划)"),
    ],
  },
  {
    id: "refusal-probing",
    version: 1,
    name: "Refusal probing",
    description: "The prompt probes or tries to strip safety behaviour: ignore previous instructions, bypass filters, unrestricted personas, questions about what the model refuses.",
    capabilityKey: "safety-probing",
    fields: ["prompt"],
    patterns: [
      re(
        `${B0}(?:ignore|disregard|forget)${SEP}${opt("all")}${opt("of")}${opt("(?:your|the|any|my)")}(?:(?:previous|prior|earlier|above|safety|system|initial)${SEP}){1,2}` +
          `(?:instructions|guidance|guidelines|rules|prompts?|restrictions|polic(?:y|ies)|training)${B1}`,
      ),
      re(
        `${B0}(?:bypass|override|disable|turn${SEP}off|remove|circumvent)${SEP}${opt("all")}(?:your|the|any)${SEP}${opt("(?:safety|content|ethical|moral)")}` +
          `(?:filters?|guardrails|guidelines|restrictions|polic(?:y|ies)|rules|alignment|safeguards)${B1}`,
      ),
      re(`${B0}(?:why|when|how)${SEP}(?:did|do|would|will)${SEP}you${SEP}(?:refuse|decline)${B1}`),
      re(`${B0}(?:what|which)${SEP}(?:topics|requests|questions|things|words|prompts)${SEP}(?:will|would|do|make)${SEP}you${SEP}(?:refuse|decline|not${SEP}answer)${B1}`),
      re(`${B0}(?:you${SEP}(?:have|are)${SEP}(?:no|free${SEP}(?:from|of))${SEP}(?:restrictions|limits|rules|filters)|developer${SEP}mode|jailbr(?:eak|oken)|do${SEP}anything${SEP}now)${B1}`),
      re(`${B0}(?:unfiltered|uncensored|unrestricted|unaligned)${SEP}(?:mode|version|ai|model|assistant|persona)${B1}`),
      re(`${B0}(?:ignora${SEP}${opt("todas")}${opt("las")}instrucciones${SEP}anteriores|ignore${SEP}${opt("toutes")}${opt("les")}instructions${SEP}précédentes|ignoriere${SEP}${opt("alle")}(?:vorherigen|bisherigen)${SEP}anweisungen|игнорируй${SEP}${opt("все")}предыдущие${SEP}инструкции)${B1}`),
      re("忽略(?:之前|以前|先前|上面|上述)的(?:所有)?(?:指令|指示|规则|安全)|不受(?:任何)?限制|越狱|解除(?:安全)?限制"),
    ],
  },
];

function matchAll(patterns: readonly RegExp[], text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const p of patterns) {
    for (const m of text.matchAll(p)) if (m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function testWith(def: TRuleDef, text: string): TRuleMatch[] {
  const found = matchAll(def.patterns, text);
  if (def.corroborating) {
    const perMarker = def.corroborating.patterns.map((p) => matchAll([p], text));
    if (perMarker.filter((m) => m.length > 0).length >= def.corroborating.minDistinct) found.push(...perMarker.flat());
  }
  // Merge overlaps: one flag per stretch of text, and (rule, field, start) stays unique as the table wants.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const m of found) {
    const last = merged[merged.length - 1];
    if (last && m.start < last.end) last.end = Math.max(last.end, m.end);
    else if (merged.length < MAX_FLAGS_PER_RULE) merged.push({ ...m });
  }
  const toCp = utf16ToCodePointMapper(text);
  return merged.map(({ start, end }) => {
    const [s, e] = [toCp(start), toCp(end)];
    return { start: s, end: e, matched: sliceCodePoints(text, s, e) };
  });
}

export const RULES: readonly TRule[] = DEFS.map((def) => ({ ...def, test: (text: string) => testWith(def, text) }));

/** Every rule on a sample; flags ordered by field (prompt first), then rule, then position. */
export function runRules(sample: { prompt?: string | null; response?: string | null }): TRuleFlag[] {
  const flags: TRuleFlag[] = [];
  for (const field of ["prompt", "response"] as const) {
    const text = sample[field];
    if (!text) continue;
    for (const rule of RULES) {
      if (!rule.fields.includes(field)) continue;
      for (const m of rule.test(text)) flags.push({ ruleId: rule.id, ruleVersion: rule.version, field, ...m });
    }
  }
  return flags;
}
