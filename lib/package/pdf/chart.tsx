// A TChartSpec as PDF vectors (react-pdf SVG primitives): the same bars / lines / areas, stacking,
// PALETTE colours, count ticks and thinned day labels as the app's Recharts chart
// (components/charts/series-chart.tsx). Labels are ordinary <Text> so they stay selectable.
import { Line, Path, Polyline, Rect, Svg, Text, View } from "@react-pdf/renderer";
import { PALETTE, type TChartSpec } from "@/lib/figures/chart-spec";
import { formatCount } from "@/lib/format";

/** Round ticks from 0 to at least `max` (integers: the charts count things). */
export function niceTicks(max: number, target = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw) ?? 10 * pow);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/** Which x labels to show: all when categorical, else about one per 48 pt. */
export function labelEvery(n: number, width: number, categorical: boolean): number {
  return categorical ? 1 : Math.max(1, Math.ceil(n / Math.max(1, Math.floor(width / 48))));
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : Number(v) || 0);

type TProps = { chart: TChartSpec; w: number; h: number; clean: (s: string) => string; font: string[] };

export function PdfChart({ chart, w, h, clean, font }: TProps) {
  const kind = chart.kind ?? "bar";
  const { rows, series } = chart;
  const titleH = 22 + (chart.caption ? 14 : 0);
  const legendH = series.length > 1 ? 18 : 0;
  const xLabelH = chart.categorical ? 64 : 22;
  const plotX = 52;
  const plotW = w - plotX - 8;
  const plotH = h - titleH - legendH - xLabelH;
  const label = { position: "absolute" as const, fontFamily: font, fontSize: 7, color: "#444444", maxLines: 1 };

  // Stacked: each series sits on the sum of the ones before it.
  const base = rows.map(() => 0);
  const stacks = series.map((s) =>
    rows.map((r, i) => {
      const lo = chart.stacked ? base[i] : 0;
      const hi = lo + num(r[s.key]);
      if (chart.stacked) base[i] = hi;
      return [lo, hi] as const;
    }),
  );
  const max = Math.max(0, ...stacks.flat().map(([, hi]) => hi));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const y = (v: number) => plotH - (v / top) * plotH;
  const band = rows.length ? plotW / rows.length : plotW;
  const cx = (i: number) => i * band + band / 2;
  const every = labelEvery(rows.length, plotW, chart.categorical ?? false);

  const marks = series.flatMap((s, si) => {
    const color = PALETTE[si % PALETTE.length];
    const pts = stacks[si];
    if (kind === "bar") {
      const bw = chart.stacked ? band * 0.7 : (band * 0.8) / series.length;
      return pts.map(([lo, hi], i) => {
        const x = chart.stacked ? cx(i) - bw / 2 : i * band + band * 0.1 + si * bw;
        return <Rect key={`${si}-${i}`} x={x} y={y(hi)} width={Math.max(0.3, bw - 0.5)} height={Math.max(0, y(lo) - y(hi))} fill={color} />;
      });
    }
    const line = pts.map(([, hi], i) => `${cx(i).toFixed(2)},${y(hi).toFixed(2)}`).join(" ");
    if (kind === "line") return [<Polyline key={s.key} points={line} stroke={color} strokeWidth={1.5} fill="none" />];
    const back = pts.map(([lo], i) => `${cx(i).toFixed(2)},${y(lo).toFixed(2)}`).reverse().join(" L ");
    return [
      <Path key={`${s.key}-f`} d={`M ${line.split(" ").join(" L ")} L ${back} Z`} fill={color} fillOpacity={0.35} />,
      <Polyline key={`${s.key}-l`} points={line} stroke={color} strokeWidth={1} fill="none" />,
    ];
  });

  return (
    <View style={{ width: w, height: h }}>
      <Text style={{ fontFamily: font, fontSize: 11, fontWeight: 700, height: 16, maxLines: 1 }}>
        {clean(chart.title)}
      </Text>
      {chart.caption ? (
        <Text style={{ fontFamily: font, fontSize: 8, color: "#555555", height: 14, maxLines: 1 }}>
          {clean(chart.caption)}
        </Text>
      ) : null}
      <View style={{ position: "relative", width: w, height: plotH + xLabelH + legendH, marginTop: 6 }}>
        {rows.length === 0 ? (
          <Text style={{ ...label, fontSize: 9, top: plotH / 2, left: plotX }}>Nothing to draw.</Text>
        ) : (
          <Svg width={plotW} height={plotH} style={{ position: "absolute", left: plotX, top: 0 }}>
            {(rows.length ? ticks : []).map((t) => (
              <Line key={t} x1={0} x2={plotW} y1={y(t)} y2={y(t)} stroke="#DDDDDD" strokeWidth={0.5} strokeDasharray="3 3" />
            ))}
            {marks}
            <Line x1={0} x2={plotW} y1={plotH} y2={plotH} stroke="#666666" strokeWidth={0.7} />
          </Svg>
        )}
        {(rows.length ? ticks : []).map((t) => (
          <Text key={t} style={{ ...label, top: y(t) - 4, left: 0, width: plotX - 6, textAlign: "right" }}>
            {formatCount(t)}
          </Text>
        ))}
        {rows.map((r, i) =>
          i % every !== 0 ? null : chart.categorical ? (
            // A category's whole name, on up to three lines (a capability such as "Reasoning-trace /
            // chain-of-thought elicitation" was cut to its first words on one).
            <Text key={i} style={{ ...label, maxLines: 3, lineHeight: 1.15, top: plotH + 4, left: plotX + cx(i) - 84, width: 86, textAlign: "right", transform: "rotate(-25deg)", transformOrigin: "100% 0%" }}>
              {clean(String(r.x))}
            </Text>
          ) : (
            <Text key={i} style={{ ...label, top: plotH + 4, left: plotX + cx(i) - 24, width: 48, textAlign: "center" }}>
              {clean(String(r.x))}
            </Text>
          ),
        )}
        {series.length > 1 && rows.length
          ? series.map((s, si) => {
              const slot = plotW / series.length;
              return (
                <View key={s.key} style={{ position: "absolute", top: plotH + xLabelH, left: plotX + si * slot, width: slot, flexDirection: "row" }}>
                  <View style={{ width: 8, height: 8, marginTop: 1, marginRight: 4, backgroundColor: PALETTE[si % PALETTE.length] }} />
                  <Text style={{ fontFamily: font, fontSize: 8, width: slot - 14, maxLines: 1 }}>
                    {clean(s.label)}
                  </Text>
                </View>
              );
            })
          : null}
      </View>
    </View>
  );
}
