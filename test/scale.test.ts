/**
 * Issue 26, sizes a run meets in practice: 10,000 small flows fixed in one run; a folder of 100,000 files that
 * are not JSON, with one flow among them. Generated in a temporary folder (nothing beside the checkout).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flow, runCli, studioText, tempDir, widget } from './helpers.js';

/** A small Chat-era flow: Incoming Message into a Send Message reading the Chat body, then Send to Flex. */
function smallChatFlow(i: number): string {
  return studioText(
    flow(
      { incomingMessage: 'reply' },
      widget('reply', 'send-message', { sent: 'to_agent' }, { body: `Hello {{trigger.message.Body}} #${i}`, to: '{{contact.channel.address}}' }),
      widget('to_agent', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' }),
    ),
  );
}

describe('many files', () => {
  it('10,000 small flows: every one fixed and reported, exit 1 for what remains', () => {
    const dir = tempDir();
    const flows = path.join(dir, 'flows');
    mkdirSync(flows);
    for (let i = 0; i < 10_000; i++) writeFileSync(path.join(flows, `flow-${String(i).padStart(5, '0')}.json`), smallChatFlow(i));
    const report = path.join(dir, 'report.json');
    const run = runCli(['lint', '--fix', '-f', 'json', '-o', report, 'flows'], { cwd: dir });
    expect(run.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(run.status);
    const results = JSON.parse(readFileSync(report, 'utf8')) as { filePath: string; fatalErrorCount: number }[];
    expect(results).toHaveLength(10_000);
    expect(results.filter((r) => r.fatalErrorCount > 0)).toEqual([]);
    const names = readdirSync(flows);
    expect(names).toHaveLength(10_000);
    for (const name of names) {
      const text = readFileSync(path.join(flows, name), 'utf8');
      expect(text).toContain('{{trigger.conversation.Body}}');
      expect(text).not.toContain('trigger.message.Body');
    }
  }, 180_000);

  it('a folder of 100,000 files that are not JSON, and one flow: the flow is linted, the rest passed over', () => {
    const dir = tempDir();
    for (let i = 0; i < 100_000; i++) writeFileSync(path.join(dir, `data-${i}.json`), i % 2 ? `not json ${i}\n` : `name,value\n${i},x\n`);
    writeFileSync(path.join(dir, 'real-flow.json'), smallChatFlow(0));
    const run = runCli(['lint', '-f', 'json', '.'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string }[];
    expect(results.map((r) => path.basename(r.filePath))).toEqual(['real-flow.json']);
    // Named alone, such a file is a fatal finding, not passed over.
    const named = runCli(['lint', '-f', 'compact', 'data-1.json'], { cwd: dir });
    expect(named.status).toBe(1);
    expect(named.stdout).toMatch(/^data-1\.json:1:1: error fatal /m);
  }, 180_000);
});
