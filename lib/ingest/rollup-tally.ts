// The rollups of a case's first exchanges import, counted as the file is read: per account and
// UTC day, per account, per UTC day and model, active accounts per day, and the case's totals.
// The loader of a fresh partition (lib/ingest/partition.ts) writes them once, as aggregated rows,
// instead of a GROUP BY over the loaded rows (about 2.5 s per million rows on this machine, 72 s
// for a whole campaign). Numbers only, in typed arrays (no object per account-day): 28.8M
// exchanges of 25,000 accounts over 45 days make about 1.1M account-days, some 60 MB a tally.
// A parser thread's tally moves to the importer as its arrays' buffers, not copied. Pure.

const DAY_MS = 86_400_000;

export type TTallyRow = { accountId: string; ts: Date; model: string; isSample: boolean; promptTokens: number | null; completionTokens: number | null };

export type TAccountDay = { accountId: string; day: string; exchanges: number; promptTokens: number; completionTokens: number };

export type TTalliedRollups = {
  total: { exchanges: number; samples: number; promptTokens: number; completionTokens: number; first: Date | null; last: Date | null };
  /** Sorted by account id (as a number), then day: the order of the table's key. Made as it is
   *  read (a campaign has a million of them): iterate it once. */
  accountDays: Iterable<TAccountDay>;
  accounts: { accountId: string; exchanges: number; firstSeen: Date; lastSeen: Date }[];
  dayModels: { day: string; model: string; exchanges: number; samples: number; promptTokens: number; completionTokens: number }[];
  /** Accounts with at least one exchange on each day. */
  activeByDay: { day: string; accounts: number }[];
};

const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

type TDayModel = { day: number; model: string; exchanges: number; samples: number; promptTokens: number; completionTokens: number };

/** A tally in transferable form: a part of a file counted apart (a parser thread's rows), absorbed
 *  into the whole with RollupTally.absorb(). Per account (first and last seen), per account and
 *  day (the account by its place in accountIds), then per day and model. */
export type TTallySummary = {
  accountIds: string[];
  firstMs: Float64Array;
  lastMs: Float64Array;
  slotAccount: Int32Array;
  slotDay: Int32Array;
  slotExchanges: Float64Array;
  slotPrompt: Float64Array;
  slotCompletion: Float64Array;
  dayModels: TDayModel[];
};

/** The buffers a summary can hand to another thread without copying them. */
export function summaryBuffers(s: TTallySummary): ArrayBuffer[] {
  return [s.firstMs, s.lastMs, s.slotAccount, s.slotDay, s.slotExchanges, s.slotPrompt, s.slotCompletion].map((a) => a.buffer as ArrayBuffer);
}

/** A typed array that grows by doubling. */
class Column<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number) {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  /** Its values, in an array of their own (exactly as long). */
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }
}
const floats = () => new Column(new Float64Array(1024), (n) => new Float64Array(n));
const ints = () => new Column(new Int32Array(1024), (n) => new Int32Array(n));

export class RollupTally {
  private accountIndex = new Map<string, number>();
  private accountIds: string[] = [];
  private accountExchanges = floats();
  private accountFirst = floats();
  private accountLast = floats();
  /** (account, day) → slot + 1 (0: free), open addressing: a Map per account cost 40 B an entry. */
  private slotTable = new Int32Array(1 << 12);
  private slotAccount = ints();
  private slotDay = ints();
  private slotExchanges = floats();
  private slotPrompt = floats();
  private slotCompletion = floats();
  /** model → day → its counts: no key built per row. */
  private dayModel = new Map<string, Map<number, TDayModel>>();
  private total = { exchanges: 0, samples: 0, promptTokens: 0, completionTokens: 0, first: Infinity, last: -Infinity };

  add(r: TTallyRow): void {
    const ms = r.ts.getTime();
    const day = Math.floor(ms / DAY_MS);
    const pt = r.promptTokens ?? 0;
    const ct = r.completionTokens ?? 0;
    this.addAccountDay(this.account(r.accountId, ms, ms), day, 1, pt, ct);
    this.addDayModel(day, r.model, 1, r.isSample ? 1 : 0, pt, ct);
  }

  /** Adds a part counted elsewhere: the whole comes out as if every row had been added here. */
  absorb(s: TTallySummary): void {
    const at = s.accountIds.map((id, i) => this.account(id, s.firstMs[i], s.lastMs[i]));
    for (let i = 0; i < s.slotDay.length; i++) this.addAccountDay(at[s.slotAccount[i]], s.slotDay[i], s.slotExchanges[i], s.slotPrompt[i], s.slotCompletion[i]);
    for (const m of s.dayModels) this.addDayModel(m.day, m.model, m.exchanges, m.samples, m.promptTokens, m.completionTokens);
  }

  /** This tally in transferable form (see TTallySummary and summaryBuffers). */
  summary(): TTallySummary {
    return {
      accountIds: [...this.accountIds],
      firstMs: this.accountFirst.trimmed(),
      lastMs: this.accountLast.trimmed(),
      slotAccount: this.slotAccount.trimmed(),
      slotDay: this.slotDay.trimmed(),
      slotExchanges: this.slotExchanges.trimmed(),
      slotPrompt: this.slotPrompt.trimmed(),
      slotCompletion: this.slotCompletion.trimmed(),
      dayModels: this.dayModelList(),
    };
  }

  private dayModelList() {
    return [...this.dayModel.values()].flatMap((byDay) => [...byDay.values()]);
  }

  /** The account's index, made on first sight; its first and last seen widened to [firstMs, lastMs]. */
  private account(accountId: string, firstMs: number, lastMs: number): number {
    let a = this.accountIndex.get(accountId);
    if (a === undefined) {
      a = this.accountIds.length;
      this.accountIndex.set(accountId, a);
      this.accountIds.push(accountId);
      this.accountExchanges.push(0);
      this.accountFirst.push(firstMs);
      this.accountLast.push(lastMs);
    }
    const first = this.accountFirst.data;
    const last = this.accountLast.data;
    if (firstMs < first[a]) first[a] = firstMs;
    if (lastMs > last[a]) last[a] = lastMs;
    const t = this.total;
    if (firstMs < t.first) t.first = firstMs;
    if (lastMs > t.last) t.last = lastMs;
    return a;
  }

  private addAccountDay(a: number, day: number, n: number, pt: number, ct: number) {
    this.accountExchanges.data[a] += n;
    let s = this.slot(a, day);
    if (s < 0) {
      s = this.slotDay.length;
      this.place(a, day, s);
      this.slotAccount.push(a);
      this.slotDay.push(day);
      this.slotExchanges.push(0);
      this.slotPrompt.push(0);
      this.slotCompletion.push(0);
    }
    this.slotExchanges.data[s] += n;
    this.slotPrompt.data[s] += pt;
    this.slotCompletion.data[s] += ct;
    const t = this.total;
    t.exchanges += n;
    t.promptTokens += pt;
    t.completionTokens += ct;
  }

  /** Where (a, day) is probed first in the table. */
  private home(a: number, day: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(day, 0x85ebca77)) & (this.slotTable.length - 1);
  }

  /** The slot of account a's day, or -1. */
  private slot(a: number, day: number): number {
    const table = this.slotTable;
    const mask = table.length - 1;
    for (let i = this.home(a, day); ; i = (i + 1) & mask) {
      const s = table[i] - 1;
      if (s < 0 || (this.slotAccount.data[s] === a && this.slotDay.data[s] === day)) return s;
    }
  }

  /** Files slot s under (a, day), the table doubled first when half full. */
  private place(a: number, day: number, s: number) {
    if ((s + 1) * 2 > this.slotTable.length) {
      this.slotTable = new Int32Array(this.slotTable.length * 2);
      for (let t = 0; t < s; t++) this.file(this.slotAccount.data[t], this.slotDay.data[t], t);
    }
    this.file(a, day, s);
  }

  private file(a: number, day: number, s: number) {
    const table = this.slotTable;
    const mask = table.length - 1;
    let i = this.home(a, day);
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = s + 1;
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
    // Each slot is one account on one day: a day's slots are its active accounts.
    const active = new Map<number, number>();
    const slotDay = this.slotDay.data;
    for (let s = 0; s < this.slotDay.length; s++) active.set(slotDay[s], (active.get(slotDay[s]) ?? 0) + 1);
    // In the key's order: account ids numerically, days ascending within each.
    const byAccount = this.accountIds.map((id, i) => ({ id, i, n: BigInt(id) })).sort((x, y) => (x.n < y.n ? -1 : x.n > y.n ? 1 : 0));
    // The slots in the key's order: by the account's place in byAccount, then by day.
    const rank = new Int32Array(this.accountIds.length);
    byAccount.forEach(({ i }, r) => (rank[i] = r));
    const slotAccount = this.slotAccount.data;
    const order = Int32Array.from({ length: this.slotDay.length }, (_, s) => s).sort((x, y) => rank[slotAccount[x]] - rank[slotAccount[y]] || slotDay[x] - slotDay[y]);
    const { accountIds, slotExchanges, slotPrompt, slotCompletion } = this;
    function* accountDays(): Generator<TAccountDay> {
      for (const s of order) {
        yield { accountId: accountIds[slotAccount[s]], day: dayText(slotDay[s]), exchanges: slotExchanges.data[s], promptTokens: slotPrompt.data[s], completionTokens: slotCompletion.data[s] };
      }
    }
    return {
      total: { exchanges: t.exchanges, samples: t.samples, promptTokens: t.promptTokens, completionTokens: t.completionTokens, first: t.exchanges ? new Date(t.first) : null, last: t.exchanges ? new Date(t.last) : null },
      accountDays: { [Symbol.iterator]: accountDays },
      accounts: byAccount.map(({ id, i }) => ({ accountId: id, exchanges: this.accountExchanges.data[i], firstSeen: new Date(this.accountFirst.data[i]), lastSeen: new Date(this.accountLast.data[i]) })),
      dayModels: this.dayModelList()
        .sort((x, y) => x.day - y.day || (x.model < y.model ? -1 : x.model > y.model ? 1 : 0))
        .map(({ day, ...m }) => ({ day: dayText(day), ...m })),
      activeByDay: [...active.entries()].sort((x, y) => x[0] - y[0]).map(([day, accounts]) => ({ day: dayText(day), accounts })),
    };
  }
}
