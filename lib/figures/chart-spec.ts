// What a chart is, as plain data: the app draws it with Recharts (components/charts/series-chart),
// the evidence package draws the same thing as PDF vectors (lib/package/pdf). Pure.
export type TSeries = { key: string; label: string };
export type TChartRow = { x: string } & Record<string, number | string>;

export type TChartSpec = {
  title: string;
  /** One line under the title: what is counted and where it comes from. */
  caption?: string;
  xLabel: string;
  series: TSeries[];
  rows: TChartRow[];
  kind?: "bar" | "line" | "area";
  stacked?: boolean;
  /** The x values are names (capabilities, families), not days: every label shown, slanted. */
  categorical?: boolean;
};

// Colour-blind-safe (Okabe–Ito), in a fixed order so a series keeps its colour across charts.
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"];
