// Turns audit events into sentences a person can read. Pure; the values stay plain strings and are
// rendered as text by React, never as HTML (they may quote attacker-written summaries).
import { formatDay, statusLabel } from "@/lib/format";

export type TAuditEvent = { seq: string; at: string; actorLabel: string; action: string; entityType: string; entityId: string; data: unknown };

const ACTIONS: Record<string, string> = {
  "case.create": "Opened the case",
  "case.update": "Edited the case",
  "case.team": "Changed the team",
  "case.submit": "Submitted for review",
  "case.approve": "Approved the case",
  "case.request_changes": "Requested changes",
  "case.refer": "Marked the case referred",
  "case.close": "Closed the case",
  "case.reopen": "Reopened the case",
  "comment.create": "Commented",
  "seed.load": "Loaded the demo accounts and exchanges",
  "annotation.seed": "Tagged samples with the capabilities they target",
  "import.submit": "Submitted a file for import",
  "import.duplicate": "Submitted a file that was already imported (nothing changed)",
  "import.started": "Import started",
  "import.succeeded": "Imported a file",
  "import.rejected": "Import rejected: nothing from the file was written",
  "import.requeued": "Import interrupted (worker stopped); queued again",
  "import.abandoned": "Import abandoned after repeated interruptions",
  "import.failed": "Import failed on a server error; nothing was written",
  "evidence.download": "Downloaded an evidence file",
};

const FIELDS: Record<string, string> = {
  title: "Title",
  summary: "Summary",
  severity: "Severity",
  suspectedActor: "Suspected actor",
  windowStart: "Window start",
  windowEnd: "Window end",
  ref: "Ref",
};

const MAX = 240;

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "(empty)";
  if ((field === "windowStart" || field === "windowEnd") && typeof v === "string") return formatDay(v) || v;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > MAX ? `${s.slice(0, MAX)}…` : s;
}

const quote = (field: string, v: unknown) => (v === null || v === undefined || v === "" ? "(empty)" : `'${show(field, v)}'`);

/** Detail lines for one event; `names` maps user ids to names where known. */
export function describeDetails(e: TAuditEvent, names: Map<string, string>): string[] {
  const d = isRecord(e.data) ? e.data : {};
  const who = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? id) : "someone");
  switch (e.action) {
    case "case.update": {
      const changes = isRecord(d.changes) ? d.changes : {};
      const lines = Object.entries(changes).map(([f, c]) => {
        const ch = isRecord(c) ? c : {};
        return `${FIELDS[f] ?? f}: ${quote(f, ch.from)} → ${quote(f, ch.to)}`;
      });
      return lines.length ? lines : ["No field changed."];
    }
    case "case.team": {
      const lines: string[] = [];
      if (isRecord(d.lead)) lines.push(`Lead: ${who(d.lead.from)} → ${who(d.lead.to)}`);
      for (const m of Array.isArray(d.added) ? d.added : []) if (isRecord(m)) lines.push(`Added ${who(m.userId)} as ${show("", m.role)}`);
      for (const id of Array.isArray(d.removed) ? d.removed : []) lines.push(`Removed ${who(id)}`);
      for (const m of Array.isArray(d.changed) ? d.changed : []) if (isRecord(m)) lines.push(`${who(m.userId)}: ${show("", m.from)} → ${show("", m.to)}`);
      return lines.length ? lines : ["No change to the team."];
    }
    case "case.create": {
      const lines = ["ref", "title", "severity", "suspectedActor"].filter((f) => d[f]).map((f) => `${FIELDS[f]}: ${quote(f, d[f])}`);
      if (d.windowStart || d.windowEnd) lines.push(`Window: ${show("windowStart", d.windowStart)} → ${show("windowEnd", d.windowEnd)}`);
      if (d.leadId) lines.push(`Lead: ${who(d.leadId)}`);
      if (Array.isArray(d.members)) lines.push(`Team: ${d.members.filter(isRecord).map((m) => `${who(m.userId)} (${show("", m.role)})`).join(", ")}`);
      return lines;
    }
    case "comment.create":
      return typeof d.body === "string" ? [`“${show("", d.body)}”`] : [];
  }
  if (e.action.startsWith("case.") && typeof d.from === "string" && typeof d.to === "string") {
    const lines = [`Status: ${statusLabel(d.from)} → ${statusLabel(d.to)}`];
    if (typeof d.comment === "string" && d.comment) lines.push(`Comment: “${show("", d.comment)}”`);
    return lines;
  }
  // Anything else: its simple facts, one a line.
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${FIELDS[k] ?? k}: ${show(k, v)}`);
}
