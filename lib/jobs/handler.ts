// What a kind of job provides to the runner (lib/jobs/runner.ts), and what the runner gives it.
import type { TSql } from "../db/sql";
import type { Job } from "../generated/prisma/client";
import type { TJobKind } from "./queue";

export type TJob = Job & { kind: TJobKind };

/** Thrown by a handler that stopped because its signal aborted, before committing anything. */
export class JobCancelledError extends Error {
  constructor() {
    super("stopped before finishing: the worker is shutting down");
  }
}

export type TJobContext = {
  workerId: string;
  /** Aborts when the worker stops or loses the job: the handler stops and throws JobCancelledError. */
  signal: AbortSignal;
  /** The latest progress, saved with the next heartbeat. */
  progress: (p: unknown) => void;
  /** A line for the worker's log: what an operator wants to know about the run (e.g. where its time went). */
  log: (m: string) => void;
};

export type TJobHandler = {
  /** "Import": how people call this kind of job. */
  noun: string;
  /** The status record's entity type in the audit log, e.g. "import_job". */
  entityType: string;
  /** Does the work, and commits its outcome with finishJob (lib/jobs/queue.ts) in one transaction. */
  run(job: TJob, ctx: TJobContext): Promise<void>;
  /** Moves the status record in step with the job, in the same transaction. */
  follow(sql: TSql, job: TJob, to: { status: "queued" | "running" } | { status: "failed"; message: string }): Promise<void>;
  saveProgress?(sql: TSql, job: TJob, progress: unknown): Promise<void>;
};
