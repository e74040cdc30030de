"use server";
// Server actions for the work on samples: each is its audited action in lib/samples (lib/server-action.ts).
import * as m from "@/lib/samples/mutations";
import { serverAction } from "@/lib/server-action";

export const tagSampleAction = serverAction(m.tagSampleAction);
export const untagSampleAction = serverAction(m.untagSampleAction);
export const decideFlagsAction = serverAction(m.decideFlagsAction);
export const setTriagedAction = serverAction(m.setTriagedAction);
export const drawSampleAction = serverAction(m.drawSampleAction, { reply: (d) => ({ id: d.draw.id, drawn: d.drawn, withText: d.withText }) });
