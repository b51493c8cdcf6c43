/**
 * Runs the files of a large lint over several threads: the main thread takes one share, a worker thread each
 * of the others, and the outcomes come back in the order of the files. Small runs stay on the main thread,
 * where starting a worker (another load of the bundle, another cold JIT) would cost more than it saves.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Target } from './discover.js';
import type { FileJob, FileOutcome, FileProcessor } from './process-file.js';

/**
 * How much input one more thread needs before it pays. A worker loads the bundle again and warms up its
 * own JIT and heap, a fixed cost of several hundred milliseconds of CPU. Measured on 2 cores, lint of
 * generated flows, median wall times: 1,000 flows (38 MiB) one thread 0.98 s, two 1.00 s; 2,000 flows
 * (76 MiB) 1.8 s against 1.55 s; 4,000 flows (150 MiB) 3.3 s against 2.6 s.
 */
export const BYTES_PER_THREAD = 64 * 1024 * 1024;
/** Below this many files the sizes are not even looked at: one thread. */
const FEW_FILES = 256;

/** Files whose sizes are looked at to estimate the input's: every file up to this many, then evenly spaced ones. */
const SIZE_SAMPLE = 256;

/**
 * The threads for `--concurrency auto`: one per BYTES_PER_THREAD of input beyond the first, up to the cores.
 * The input's size is estimated from SIZE_SAMPLE files spread over the list (a stat costs about 5 µs, and the
 * answer moves in steps of 64 MiB): 1,000 files cost 256 stats instead of 1,000.
 */
export function autoThreads(targets: Target[]): number {
  if (targets.length < FEW_FILES) return 1;
  const step = Math.max(1, targets.length / SIZE_SAMPLE);
  let sampled = 0;
  let bytes = 0;
  for (let i = 0; i < targets.length; i += step) {
    bytes += statSync(targets[Math.floor(i)]!.path, { throwIfNoEntry: false })?.size ?? 0;
    sampled++;
  }
  const estimate = (bytes / sampled) * targets.length;
  return Math.max(1, Math.min(availableParallelism(), 1 + Math.floor(estimate / BYTES_PER_THREAD)));
}

export interface WorkerInput {
  job: FileJob;
  targets: Target[];
}

/**
 * What a lint worker thread runs: the ES module build's dist/worker.js by default; the command line sets its
 * own bundle (src/cli.ts), which starts in a worker from V8's code cache as it does in the main thread
 * (a worker that loaded the ES modules took 60–110 ms before its first file, the bundle 27–40 ms).
 */
let workerEntry: { url: URL } | { code: string } = { url: new URL('./worker.js', import.meta.url) };

export function useWorkerEntry(entry: { url: URL } | { code: string }): void {
  workerEntry = entry;
}

/** Thrown by processTargets when its `stop` signal fired: the threads were stopped between files. */
export class Interrupted extends Error {}

/**
 * How often this thread's share lets the event loop run when it may be stopped: a signal's handler runs only
 * then (a synchronous loop over all files would hold Ctrl-C until the end).
 */
const YIELD_MS = 50;

export async function processTargets(targets: Target[], processor: FileProcessor, concurrency: number | 'auto', stop?: AbortSignal): Promise<FileOutcome[]> {
  const threads = concurrency === 'auto' ? autoThreads(targets) : concurrency;
  // Workers exist only in the bundles (dist/worker.js, dist/cli.cjs); running from the sources, everything stays here.
  const available = 'code' in workerEntry || existsSync(fileURLToPath(workerEntry.url));
  if (threads <= 1 || !available) return processShare(targets, processor, stop);

  // Interleaved shares balance large and small files; outcome i of share k is file k + i * threads.
  const shares = Array.from({ length: threads }, (_, k) => targets.filter((_, i) => i % threads === k));
  const workers = shares.slice(1).map(
    (share) =>
      new Promise<FileOutcome[]>((resolve, reject) => {
        const workerData = { job: processor.job, targets: share } satisfies WorkerInput;
        const worker = 'code' in workerEntry ? new Worker(workerEntry.code, { eval: true, workerData }) : new Worker(workerEntry.url, { workerData });
        // Stopped: the worker ends where it is (a temporary file it was writing is left for the caller to remove).
        stop?.addEventListener('abort', () => void worker.terminate().then(() => reject(new Interrupted())), { once: true });
        let answered = false;
        worker.once('message', (outcomes: FileOutcome[]) => {
          answered = true;
          resolve(outcomes);
        });
        worker.once('error', reject);
        // A worker that ends without sending its outcomes, even with exit code 0, must not pass for a clean run.
        worker.once('exit', (code) => answered || reject(new Error(`a lint worker stopped with exit code ${code} before sending its results`)));
      }),
  );
  // This thread starts on its share at once: a worker loads its bundle and runs on its own thread meanwhile
  // (measured: it had loaded at +34 ms while this one was busy from +2 ms; waiting until it reported ready
  // kept this thread idle those 35 ms).
  let mine: FileOutcome[];
  try {
    mine = await processShare(shares[0]!, processor, stop);
  } finally {
    // Stopped or failed: every worker has ended before the caller looks at what they left.
    if (stop?.aborted) await Promise.allSettled(workers);
  }
  const settled = await Promise.allSettled(workers);
  if (stop?.aborted) throw new Interrupted();
  const results = [mine, ...settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  })];
  return targets.map((_, i) => results[i % threads]![Math.floor(i / threads)]!);
}

/** This thread's files in order; with `stop`, letting the event loop run every YIELD_MS, between two files. */
async function processShare(targets: Target[], processor: FileProcessor, stop: AbortSignal | undefined): Promise<FileOutcome[]> {
  if (!stop) return targets.map((t) => processor.processTarget(t));
  const outcomes: FileOutcome[] = [];
  let since = performance.now();
  for (const target of targets) {
    if (performance.now() - since >= YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    if (stop.aborted) throw new Interrupted();
    outcomes.push(processor.processTarget(target));
  }
  return outcomes;
}
