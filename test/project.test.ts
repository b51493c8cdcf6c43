/**
 * Flows that call each other, checked together (src/runner/project.ts): a Run Subflow widget against the
 * subflow among the linted files, found by SID through the pull manifest or the Flow resource in the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flow, runCli, studioText, tempDir, widget } from './helpers.js';

type Json = Record<string, unknown>;
const PARENT = 'FW00000000000000000000000000000000';
const SUB = 'FW11111111111111111111111111111111';
const MISSING = 'FW22222222222222222222222222222222';

const run = (name: string, next: string | undefined, sid: string, parameters: string[] = [], revision = 'LatestPublished') =>
  widget(name, 'run-subflow', { completed: next, failed: undefined }, { flow_sid: sid, flow_revision: revision, parameters: parameters.map((key) => ({ key, value: 'x' })) });
const say = (name: string, body: string, next?: string) => widget(name, 'send-message', { sent: next }, { body });
const chain = (count: number, prefix: string): Json[] => Array.from({ length: count }, (_, i) => say(`${prefix}${i}`, 'hi', i + 1 < count ? `${prefix}${i + 1}` : undefined));

/** A folder of flows with the manifest pull would write for them. */
function folder(files: Record<string, { sid?: string; flow: Json }>): string {
  const dir = tempDir();
  const flows: Record<string, unknown> = {};
  for (const [name, { sid, flow: f }] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), studioText(f));
    if (sid) flows[name] = { sid, friendlyName: name.replace('.json', ''), revision: 1, status: 'published', hash: 'x' };
  }
  writeFileSync(path.join(dir, '.studio-lint-flows.json'), JSON.stringify({ version: 1, flows }));
  return dir;
}

interface Message {
  ruleId: string;
  severity: number;
  message: string;
}
function lint(dir: string, ...args: string[]): { status: number; stderr: string; byFile: Record<string, Message[]> } {
  const r = runCli(['-f', 'json', ...args, '.'], { cwd: dir });
  const results = JSON.parse(r.stdout) as { filePath: string; messages: Message[] }[];
  return { status: r.status, stderr: r.stderr, byFile: Object.fromEntries(results.map((f) => [path.basename(f.filePath), f.messages])) };
}
const subflowMessages = (messages: Message[] = []) => messages.filter((m) => m.ruleId === 'valid-subflow-call' || m.ruleId === 'no-flow-over-widget-limit').map((m) => `${m.severity} ${m.message}`);

const greeting = flow({ incomingParent: 'hello' }, say('hello', "Hi {{trigger.parent.parameters.name}} ({{trigger.parent.parameters.language | default: 'en'}})"));

describe('a Run Subflow widget against the subflow in the linted set', () => {
  it('reports a parameter the subflow reads that the parent does not pass, and one it passes that the subflow never reads', () => {
    const dir = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB, ['nmae', 'language'])) },
      'greeting.json': { sid: SUB, flow: greeting },
    });
    const { byFile } = lint(dir);
    expect(subflowMessages(byFile['main.json'])).toEqual([
      "2 greeting.json reads trigger.parent.parameters.name, which 'a' does not pass: it renders empty there",
      "1 'a' passes 'nmae', which greeting.json never reads",
    ]);
    expect(subflowMessages(byFile['greeting.json'])).toEqual([]);
  });

  it('passes a parent that gives every parameter the subflow reads (a default covers `language`)', () => {
    const dir = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB, ['name'])) },
      'greeting.json': { sid: SUB, flow: greeting },
    });
    expect(subflowMessages(lint(dir).byFile['main.json'])).toEqual([]);
  });

  it('reports a subflow whose Trigger does not wire incomingParent, and one that runs a subflow itself', () => {
    const notASubflow = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB)) },
      'greeting.json': { sid: SUB, flow: flow({ incomingMessage: 'hello' }, say('hello', 'hi')) },
    });
    expect(subflowMessages(lint(notASubflow).byFile['main.json'])).toEqual([
      "2 'a' runs greeting.json as a subflow, but its Trigger does not wire the Subflow event (incomingParent): no widget of it runs",
    ]);
    const nested = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB)) },
      'greeting.json': { sid: SUB, flow: flow({ incomingParent: 'inner' }, run('inner', undefined, MISSING)) },
    });
    expect(subflowMessages(lint(nested).byFile['main.json'])).toEqual(["2 'a' runs greeting.json, which runs a subflow itself ('inner'): Studio allows one level of subflows"]);
  });

  it('counts the subflow’s widgets into the parent’s 2,000, naming the subflow', () => {
    const dir = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', 'm0', SUB), ...chain(1500, 'm')) },
      'greeting.json': { sid: SUB, flow: flow({ incomingParent: 's0' }, ...chain(600, 's')) },
    });
    expect(subflowMessages(lint(dir).byFile['main.json'])).toEqual([
      '2 the flow has 2103 widgets with the subflows it runs (1502 of its own; subflows greeting.json: 601): Studio allows at most 2,000, subflows included',
    ]);
  });

  it('finds a subflow by the SID of the Flow resource in its file, without a manifest', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'main.json'), studioText(flow({ incomingMessage: 'a' }, run('a', undefined, SUB))));
    writeFileSync(path.join(dir, 'greeting.json'), studioText({ sid: SUB, friendly_name: 'Greeting', definition: greeting }));
    expect(subflowMessages(lint(dir).byFile['main.json'])).toEqual(["2 greeting.json reads trigger.parent.parameters.name, which 'a' does not pass: it renders empty there"]);
  });

  it('names a subflow that is not in the set once with --debug, and checks the parent without it', () => {
    const dir = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', 'b', MISSING, ['x']), run('b', undefined, MISSING, ['x'])) },
      'other.json': { flow: flow({ incomingMessage: 'a' }, run('a', undefined, MISSING)) },
    });
    const { stderr, byFile } = lint(dir, '--debug');
    expect(stderr.split('\n').filter((l) => l.includes(MISSING))).toEqual([
      `studio-lint: main.json runs subflow ${MISSING}, which is not among the linted files: its Run Subflow widgets are checked without it`,
    ]);
    expect(subflowMessages(byFile['main.json'])).toEqual([]);
  });

  it('checks parents linted in worker threads too', () => {
    const dir = folder({
      'a-main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB)) },
      'b-greeting.json': { sid: SUB, flow: greeting },
      'c-main.json': { flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB)) },
    });
    const { byFile } = lint(dir, '--concurrency', '2');
    for (const parent of ['a-main.json', 'c-main.json']) {
      expect(subflowMessages(byFile[parent])).toEqual(["2 b-greeting.json reads trigger.parent.parameters.name, which 'a' does not pass: it renders empty there"]);
    }
  });

  it('--cache: a cached parent is checked again when its subflow changes, or enters the set', () => {
    const dir = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB, ['name'])) },
      'greeting.json': { sid: SUB, flow: greeting },
    });
    expect(subflowMessages(lint(dir, '--cache').byFile['main.json'])).toEqual([]);
    const file = path.join(dir, 'greeting.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('parameters.name', 'parameters.full_name'));
    expect(subflowMessages(lint(dir, '--cache').byFile['main.json'])).toEqual([
      "2 greeting.json reads trigger.parent.parameters.full_name, which 'a' does not pass: it renders empty there",
      "1 'a' passes 'name', which greeting.json never reads",
    ]);
    // Unchanged since: the same findings, from the cache.
    expect(subflowMessages(lint(dir, '--cache').byFile['main.json'])).toHaveLength(2);
    // A subflow that was not in the set arrives.
    const lone = folder({ 'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB, ['name'])) } });
    expect(subflowMessages(lint(lone, '--cache').byFile['main.json'])).toEqual([]);
    writeFileSync(path.join(lone, 'greeting.json'), studioText({ sid: SUB, definition: flow({ incomingMessage: 'x' }, say('x', 'hi')) }));
    expect(subflowMessages(lint(lone, '--cache').byFile['main.json'])).toEqual([
      "2 'a' runs greeting.json as a subflow, but its Trigger does not wire the Subflow event (incomingParent): no widget of it runs",
    ]);
  });
});

describe('baseline over flows that call each other', () => {
  it('records the findings that need the subflow, so that lint right after it passes', () => {
    const dir = folder({
      'main.json': { sid: PARENT, flow: flow({ incomingMessage: 'a' }, run('a', undefined, SUB, ['nmae', 'language'])) },
      'greeting.json': { sid: SUB, flow: greeting },
    });
    // Before, baseline linted each file alone and recorded none of valid-subflow-call's findings.
    expect(subflowMessages(lint(dir).byFile['main.json'])).toHaveLength(2);
    const recorded = runCli(['baseline', 'main.json', 'greeting.json'], { cwd: dir });
    expect(recorded.status).toBe(0);
    const entries = (JSON.parse(readFileSync(path.join(dir, 'studio-lint-baseline.json'), 'utf8')) as { entries: { file: string; rule: string; count: number }[] }).entries;
    expect(entries.filter((e) => e.rule === 'valid-subflow-call').map((e) => `${e.file} ${e.count}`)).toEqual(['main.json 1', 'main.json 1']);
    expect(runCli(['main.json', 'greeting.json'], { cwd: dir })).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(runCli(['.'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
  });
});
