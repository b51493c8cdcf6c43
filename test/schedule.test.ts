/** Worker threads of a large run (src/runner/schedule.ts): a worker that does not answer fails the run. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { FileProcessor } from '../src/runner/process-file.js';
import { processTargets, useWorkerEntry } from '../src/runner/schedule.js';
import { ROOT } from './helpers.js';

const targets = ['chat-sms-to-flex', 'voice-ivr', 'webchat-pre-engagement'].map((name) => ({ path: path.join(ROOT, 'fixtures', `${name}.json`), explicit: true }));
const processor = () => new FileProcessor({ config: loadConfig(ROOT), cliRules: {}, formats: ['json'], quiet: false, unsafeFixes: false, cwd: ROOT, color: false });

describe('processTargets over worker threads', () => {
  afterEach(() => useWorkerEntry({ url: new URL('../src/runner/worker.js', import.meta.url) }));

  it('fails when a worker ends without sending its results, even with exit code 0', async () => {
    useWorkerEntry({ code: '' });
    await expect(processTargets(targets, processor(), 2)).rejects.toThrow('a lint worker stopped with exit code 0 before sending its results');
  });

  it('fails with the exit code of a worker that stops', async () => {
    useWorkerEntry({ code: 'process.exit(7)' });
    await expect(processTargets(targets, processor(), 2)).rejects.toThrow('exit code 7');
  });

  it('takes the outcomes a worker sends, in the order of the files', async () => {
    // A stand-in worker that answers for its share with what the main thread would have made of it.
    const one = processor();
    const expected = targets.map((t) => one.processTarget(t));
    const share = targets.filter((_, i) => i % 2 === 1).map((t) => one.processTarget(t));
    useWorkerEntry({ code: `require('node:worker_threads').parentPort.postMessage(${JSON.stringify(share.map((o) => ({ ...o, reports: o.reports.map((r) => Buffer.from(r).toString()) })))})` });
    const outcomes = await processTargets(targets, processor(), 2);
    expect(outcomes.map((o) => o.errors)).toEqual(expected.map((o) => o.errors));
    expect(outcomes.map((o) => Buffer.from(o.reports[0]!).toString())).toEqual(expected.map((o) => Buffer.from(o.reports[0]!).toString()));
  });
});
