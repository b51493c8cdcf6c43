/** The body of a lint worker thread: processes its share of the files and sends the outcomes back in order. */
import { parentPort, workerData } from 'node:worker_threads';
import { FileProcessor } from './process-file.js';
import type { WorkerInput } from './schedule.js';

export function runLintWorker(): void {
  const { job, targets } = workerData as WorkerInput;
  const processor = new FileProcessor(job);
  parentPort!.postMessage(targets.map((t) => processor.processTarget(t)));
}
