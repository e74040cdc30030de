// The rollups of a case's first exchanges import, counted as the file is read: per account and
// UTC day, per account, per UTC day and model, active accounts per day, and the case's totals.
// The loader of a fresh partition (lib/ingest/partition.ts) writes them once, as aggregated rows,
// instead of a GROUP BY over the loaded rows (about 2.5 s per million rows on this machine, 72 s
// for a whole campaign). Numbers only, keyed by small integers: 28.8M exchanges of 25,000 accounts
// over 45 days make about 1.1M account-days, some 60 MB here. Pure.

const DAY_MS = 86_400_000;

export type TTallyRow = { accountId: string; ts: Date; model: string; isSample: boolean; promptTokens: number | null; completionTokens: number | null };

export type TTalliedRollups = {
  total: { exchanges: number; samples: number; promptTokens: number; completionTokens: number; first: Date | null; last: Date | null };
  /** Sorted by account id (as a number), then day: the order of the table's key. */
  accountDays: { accountId: string; day: string; exchanges: number; promptTokens: number; completionTokens: number }[];
  accounts: { accountId: string; exchanges: number; firstSeen: Date; lastSeen: Date }[];
  dayModels: { day: string; model: string; exchanges: number; samples: number; promptTokens: number; completionTokens: number }[];
  /** Accounts with at least one exchange on each day. */
  activeByDay: { day: string; accounts: number }[];
};

const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A tally in transferable form: one part of a file counted apart (a parser thread's block),
 *  absorbed into the whole with RollupTally.absorb(). Per account and day, then per day and model. */
export type TTallySummary = {
  accountIds: string[];
  days: number[];
  exchanges: number[];
  promptTokens: number[];
  completionTokens: number[];
  firstMs: number[];
  lastMs: number[];
  dayModels: { day: number; model: string; exchanges: number; samples: number; promptTokens: number; completionTokens: number }[];
};

export class RollupTally {
  private accountIndex = new Map<string, number>();
  private accountIds: string[] = [];
  private accountExchanges: number[] = [];
  private accountFirst: number[] = [];
  private accountLast: number[] = [];
  /** Per account (by its index): its days' slots, day → slot (small integers: fast maps). */
  private accountDaySlots: Map<number, number>[] = [];
  private slotExchanges: number[] = [];
  private slotPrompt: number[] = [];
  private slotCompletion: number[] = [];
  /** model → day → its counts: no key built per row. */
  private dayModel = new Map<string, Map<number, { day: number; model: string; exchanges: number; samples: number; promptTokens: number; completionTokens: number }>>();
  private total = { exchanges: 0, samples: 0, promptTokens: 0, completionTokens: 0, first: Infinity, last: -Infinity };

  add(r: TTallyRow): void {
    const ms = r.ts.getTime();
    const day = Math.floor(ms / DAY_MS);
    const pt = r.promptTokens ?? 0;
    const ct = r.completionTokens ?? 0;
    this.addAccountDay(r.accountId, day, 1, pt, ct, ms, ms);
    this.addDayModel(day, r.model, 1, r.isSample ? 1 : 0, pt, ct);
  }

  /** Adds a part counted elsewhere: the whole comes out as if every row had been added here. */
  absorb(s: TTallySummary): void {
    for (let i = 0; i < s.accountIds.length; i++) this.addAccountDay(s.accountIds[i], s.days[i], s.exchanges[i], s.promptTokens[i], s.completionTokens[i], s.firstMs[i], s.lastMs[i]);
    for (const m of s.dayModels) this.addDayModel(m.day, m.model, m.exchanges, m.samples, m.promptTokens, m.completionTokens);
  }

  /** This tally in transferable form (see TTallySummary). */
  summary(): TTallySummary {
    const out: TTallySummary = { accountIds: [], days: [], exchanges: [], promptTokens: [], completionTokens: [], firstMs: [], lastMs: [], dayModels: this.dayModelList() };
    for (let a = 0; a < this.accountIds.length; a++) {
      for (const [day, slot] of this.accountDaySlots[a]) {
        out.accountIds.push(this.accountIds[a]);
        out.days.push(day);
        out.exchanges.push(this.slotExchanges[slot]);
        out.promptTokens.push(this.slotPrompt[slot]);
        out.completionTokens.push(this.slotCompletion[slot]);
        // An account's first and last of the whole part: exact for the account, which is what they feed.
        out.firstMs.push(this.accountFirst[a]);
        out.lastMs.push(this.accountLast[a]);
      }
    }
    return out;
  }

  private dayModelList() {
    return [...this.dayModel.values()].flatMap((byDay) => [...byDay.values()]);
  }

  private addAccountDay(accountId: string, day: number, n: number, pt: number, ct: number, firstMs: number, lastMs: number) {
    let a = this.accountIndex.get(accountId);
    if (a === undefined) {
      a = this.accountIds.length;
      this.accountIndex.set(accountId, a);
      this.accountIds.push(accountId);
      this.accountExchanges.push(0);
      this.accountFirst.push(firstMs);
      this.accountLast.push(lastMs);
      this.accountDaySlots.push(new Map());
    }
    this.accountExchanges[a] += n;
    if (firstMs < this.accountFirst[a]) this.accountFirst[a] = firstMs;
    if (lastMs > this.accountLast[a]) this.accountLast[a] = lastMs;

    const days = this.accountDaySlots[a];
    let s = days.get(day);
    if (s === undefined) {
      s = this.slotExchanges.length;
      days.set(day, s);
      this.slotExchanges.push(0);
      this.slotPrompt.push(0);
      this.slotCompletion.push(0);
    }
    this.slotExchanges[s] += n;
    this.slotPrompt[s] += pt;
    this.slotCompletion[s] += ct;

    const t = this.total;
    t.exchanges += n;
    t.promptTokens += pt;
    t.completionTokens += ct;
    if (firstMs < t.first) t.first = firstMs;
    if (lastMs > t.last) t.last = lastMs;
  }

  private addDayModel(day: number, model: string, n: number, samples: number, pt: number, ct: number) {
    let byDay = this.dayModel.get(model);
    if (!byDay) this.dayModel.set(model, (byDay = new Map()));
    let m = byDay.get(day);
    if (!m) byDay.set(day, (m = { day, model, exchanges: 0, samples: 0, promptTokens: 0, completionTokens: 0 }));
    m.exchanges += n;
    m.samples += samples;
    m.promptTokens += pt;
    m.completionTokens += ct;
    this.total.samples += samples;
  }

  result(): TTalliedRollups {
    const t = this.total;
    const active = new Map<number, number>();
    const accountDays: TTalliedRollups["accountDays"] = [];
    // In the key's order: account ids numerically, days ascending within each.
    const byAccount = this.accountIds.map((id, i) => ({ id, i, n: BigInt(id) })).sort((x, y) => (x.n < y.n ? -1 : x.n > y.n ? 1 : 0));
    for (const { id, i } of byAccount) {
      for (const [day, s] of [...this.accountDaySlots[i].entries()].sort((x, y) => x[0] - y[0])) {
        active.set(day, (active.get(day) ?? 0) + 1);
        accountDays.push({ accountId: id, day: dayText(day), exchanges: this.slotExchanges[s], promptTokens: this.slotPrompt[s], completionTokens: this.slotCompletion[s] });
      }
    }
    return {
      total: { exchanges: t.exchanges, samples: t.samples, promptTokens: t.promptTokens, completionTokens: t.completionTokens, first: t.exchanges ? new Date(t.first) : null, last: t.exchanges ? new Date(t.last) : null },
      accountDays,
      accounts: byAccount.map(({ id, i }) => ({ accountId: id, exchanges: this.accountExchanges[i], firstSeen: new Date(this.accountFirst[i]), lastSeen: new Date(this.accountLast[i]) })),
      dayModels: this.dayModelList()
        .sort((x, y) => x.day - y.day || (x.model < y.model ? -1 : x.model > y.model ? 1 : 0))
        .map(({ day, ...m }) => ({ day: dayText(day), ...m })),
      activeByDay: [...active.entries()].sort((x, y) => x[0] - y[0]).map(([day, accounts]) => ({ day: dayText(day), accounts })),
    };
  }
}
