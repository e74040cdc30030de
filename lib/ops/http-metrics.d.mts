// Types of lib/ops/http-metrics.mjs (plain JavaScript: the web server runs it without a TypeScript loader).
import type { Registry } from "prom-client";
export const LATENCY_BUCKETS: number[];
export type THttpFigures = {
  observe(labels: { route: string; method: string; status: string }, seconds: number): void;
  text(): Promise<string>;
  registry: Registry;
};
export function installHttpMetrics(opts?: { defaultMetrics?: boolean; askTimeoutMs?: number }): THttpFigures;
export function httpMetricsText(): Promise<string>;
export function answerClusterMetrics(): void;
