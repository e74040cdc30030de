// How a job worker's Node process starts, wherever one is started (npm start, the bench, tests).
// A 64 MB young generation: package builds allocate short-lived text runs by the million, and the
// default (16 MB) spent 18% of a 1,287-page render in the garbage collector; 64 MB renders it in
// 24.3 s instead of 28.3 s (scripts/bench-pdf.ts, same machine, same run) for ~40 MB more RSS.
export const WORKER_NODE_ARGS = ["--max-semi-space-size=64", "--import", "tsx"];

/** A worker's exit code when its signing key is not the installation's (EX_CONFIG): not restarted. */
export const EXIT_WRONG_KEY = 78;
