/**
 * `studio-lint diff` (src/commands/diff.ts) through the command line in this process (runCliInProcess), and the
 * built CLI where its process's environment matters (FORCE_COLOR, GIT_CEILING_DIRECTORIES, git's textconv):
 * formats, exit codes, git revisions and the textconv listing, with flows written here; the Markdown's size
 * limit through renderMarkdown.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFlow, type FlowDiff } from '../src/diff/diff.js';
import { changedPart, renderMarkdown } from '../src/diff/render.js';
import { classify, type FlowEntry } from '../src/flow/load.js';
import { Flow } from '../src/flow/model.js';
import { CLI, flow, fixtureFlow, runCli, runCliInProcess, studioText, tempDir, widget } from './helpers.js';

type Json = Record<string, unknown>;
const stateNamed = (f: Json, name: string) => (f.states as Json[]).find((s) => s.name === name)!;

/** A flow and an edited copy: a widget added, one changed, one moved. */
function edited(): { before: Json; after: Json } {
  const before = flow(
    { incomingMessage: 'ask' },
    widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'reply' }, { body: 'Your order number?', timeout: '3600' }),
    widget('reply', 'send-message', { sent: undefined }, { body: 'Thanks for order {{widgets.ask.inbound.Body}}' }),
  );
  const after = structuredClone(before);
  (stateNamed(after, 'ask').properties as Json).offset = { x: 50, y: 50 };
  (stateNamed(after, 'reply').properties as Json).body = 'Thank you for order {{widgets.ask.inbound.Body}}';
  (stateNamed(after, 'reply').transitions as Json[])[0] = { event: 'sent', next: 'to_agent' };
  (after.states as Json[]).push(widget('to_agent', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1' }));
  return { before, after };
}

function writePair(): { dir: string; oldFile: string; newFile: string } {
  const dir = tempDir('studio-lint-diff-');
  const { before, after } = edited();
  const oldFile = path.join(dir, 'old.json');
  const newFile = path.join(dir, 'new.json');
  writeFileSync(oldFile, studioText(before));
  writeFileSync(newFile, studioText(after));
  return { dir, oldFile, newFile };
}

describe('studio-lint diff <old> <new>', () => {
  it('text: the changes widget by widget, the changed part marked, exit 1', async () => {
    const { dir } = writePair();
    const run = await runCliInProcess(['diff', 'old.json', 'new.json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        'new.json',
        '  + to_agent  send-to-flex  added',
        '  * reply  send-message',
        '      properties.body: [-Thanks-]{+Thank you+} for order {{widgets.ask.inbound.Body}}',
        '      on sent: (ends) → to_agent',
        '  moved on the canvas only: ask',
        '',
        '',
      ].join('\n'),
    );
  });

  it('text is coloured with FORCE_COLOR and not with NO_COLOR', () => {
    const { dir } = writePair();
    const colored = runCli(['diff', 'old.json', 'new.json'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(colored.stdout).toContain('\u001b[32mThank you\u001b[39m');
    expect(colored.stdout).not.toContain('{+');
    expect(runCli(['diff', 'old.json', 'new.json'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('--output-file: a file gets no colour (unless --color), /dev/stdout is written in place, --textconv goes there too', async () => {
    const { dir } = writePair();
    const env = { NO_COLOR: '', FORCE_COLOR: '1' };
    expect(runCli(['diff', '-o', 'out.txt', 'old.json', 'new.json'], { cwd: dir, env }).status).toBe(1);
    const plain = readFileSync(path.join(dir, 'out.txt'), 'utf8');
    expect(plain).toContain('Thank you');
    expect(plain).not.toContain('\u001b[');
    expect(runCli(['diff', '--color', '-o', 'out.txt', 'old.json', 'new.json'], { cwd: dir, env }).status).toBe(1);
    expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toContain('\u001b[');
    const toStdout = await runCliInProcess(['diff', '-f', 'json', '-o', '/dev/stdout', 'old.json', 'new.json'], { cwd: dir });
    expect(toStdout.status, toStdout.stderr).toBe(1);
    expect(JSON.parse(toStdout.stdout)).toHaveLength(1);
    expect((await runCliInProcess(['diff', '--textconv', '-o', 'listing.txt', 'new.json'], { cwd: dir })).status).toBe(0);
    expect(readFileSync(path.join(dir, 'listing.txt'), 'utf8')).toContain('Thank you');
  });

  it('json: the documented contract, one object per flow', async () => {
    const { dir } = writePair();
    const run = await runCliInProcess(['diff', '-f', 'json', 'old.json', 'new.json'], { cwd: dir });
    expect(run.status).toBe(1);
    const [only, ...rest] = JSON.parse(run.stdout) as FlowDiff[];
    expect(rest).toEqual([]);
    expect(only).toEqual({
      file: 'new.json',
      status: 'changed',
      trigger: [],
      migration: null,
      flowFields: [],
      added: ['to_agent'],
      removed: [],
      renamed: [],
      changed: [
        {
          name: 'reply',
          type: 'send-message',
          properties: [{ path: 'properties.body', before: 'Thanks for order {{widgets.ask.inbound.Body}}', after: 'Thank you for order {{widgets.ask.inbound.Body}}' }],
          transitions: [{ event: 'sent', before: null, after: 'to_agent' }],
        },
      ],
      moved: ['ask'],
      types: { to_agent: 'send-to-flex', reply: 'send-message', ask: 'send-and-wait-for-reply' },
    });
  });

  it('markdown: a summary table and a Mermaid graph with the changes marked by classDef', async () => {
    const { dir } = writePair();
    const run = await runCliInProcess(['diff', '-f', 'markdown', 'old.json', 'new.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('| ➕ added | `to_agent` | `send-to-flex` | |');
    expect(run.stdout).toContain('| 🔧 changed | `reply` | `send-message` | `properties.body`: <del>`Thanks`</del><ins>`Thank you`</ins>` for order {{widgets.ask.inbound.Body}}`<br>on `sent`: `(ends)` → `to_agent` |');
    expect(run.stdout).toContain('| ↔️ moved | `ask` | | canvas position only |');
    const graph = /```mermaid\n([\s\S]*?)```/.exec(run.stdout)![1]!;
    expect(graph).toContain('  class n3 added\n');
    expect(graph).toContain('  class n2 changed\n');
    expect(graph).toContain('  class n1 moved\n');
  });

  it('the same flow re-indented and reordered: no output, exit 0', async () => {
    const dir = tempDir('studio-lint-diff-');
    const value = fixtureFlow('webchat-pre-engagement');
    writeFileSync(path.join(dir, 'a.json'), studioText(value));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(value));
    for (const format of ['text', 'json']) {
      const run = await runCliInProcess(['diff', '-f', format, 'a.json', 'b.json'], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(format === 'json' ? '[]\n' : '');
    }
  });

  it('exit 2 with one line naming the file: missing, not JSON, not a flow, unknown format', async () => {
    const { dir } = writePair();
    writeFileSync(path.join(dir, 'broken.json'), '{"states": [');
    writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
    const cases: [string[], RegExp][] = [
      [['diff', 'old.json', 'gone.json'], /^studio-lint: gone\.json: no such file\n$/],
      [['diff', 'old.json', 'broken.json'], /^studio-lint: broken\.json: invalid JSON: .*\n$/],
      [['diff', 'package.json', 'new.json'], /^studio-lint: package\.json: not a Studio flow definition: .*\n$/],
      [['diff', '-f', 'yaml', 'old.json', 'new.json'], /^studio-lint: unknown format 'yaml' \(text, json, markdown or html\)\n$/],
    ];
    for (const [args, message] of cases) {
      const run = await runCliInProcess(args, { cwd: dir });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
  });
});

describe('markdown size', () => {
  const diffs = (): { diffs: FlowDiff[]; flows: Map<FlowDiff, Flow> } => {
    const flows = new Map<FlowDiff, Flow>();
    const list: FlowDiff[] = [];
    for (let i = 0; i < 40; i++) {
      const { before, after } = edited();
      const [a] = (classify(studioText(before)) as { flows: FlowEntry[] }).flows;
      const [b] = (classify(studioText(after)) as { flows: FlowEntry[] }).flows;
      const d = diffFlow(`flows/f${i}.json`, a, b);
      flows.set(d, new Flow(b!));
      list.push(d);
    }
    return { diffs: list, flows };
  };

  it('within the limit: everything, graphs included', () => {
    const { diffs: list, flows } = diffs();
    const out = renderMarkdown(list, { graphOf: (d) => flows.get(d) });
    expect(out.length).toBeLessThanOrEqual(65_536);
    expect(out.match(/```mermaid/g)).toHaveLength(40);
  });

  it('over the limit: graphs left out first, then cut at a row with a note, never over the limit', () => {
    const { diffs: list, flows } = diffs();
    const full = renderMarkdown(list, { graphOf: (d) => flows.get(d) });
    const noGraphs = renderMarkdown(list, { graphOf: (d) => flows.get(d), limit: full.length - 1 });
    expect(noGraphs.length).toBeLessThan(full.length);
    expect(noGraphs).not.toContain('```mermaid');
    expect(noGraphs).toContain("_The graphs are left out to fit GitHub's comment size");
    const cut = renderMarkdown(list, { graphOf: (d) => flows.get(d), limit: 3000 });
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut).toMatch(/_Cut to fit GitHub's comment size \(3000 characters\): \d+ of \d+ parts shown, graphs left out\. Run `studio-lint diff` for the whole diff\._\n$/);
    // Cut between rows, never inside one.
    for (const line of cut.split('\n')) if (line.startsWith('|')) expect(line.endsWith('|')).toBe(true);
  });

  it('changedPart marks whole words', () => {
    expect(changedPart('Remind', 'REMIND')).toEqual({ prefix: '', removed: 'Remind', added: 'REMIND', suffix: '' });
    expect(changedPart('{{trigger.message.Body}}', '{{trigger.conversation.Body}}')).toEqual({ prefix: '{{trigger.', removed: 'message', added: 'conversation', suffix: '.Body}}' });
  });
});

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function repository(): string {
  const dir = tempDir('studio-lint-diff-git-');
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(path.join(dir, 'flows'));
  const { before } = edited();
  writeFileSync(path.join(dir, 'flows', 'support.json'), studioText(before));
  writeFileSync(path.join(dir, 'flows', 'ivr.json'), studioText(fixtureFlow('voice-ivr')));
  writeFileSync(path.join(dir, 'flows', 'old.json'), studioText(fixtureFlow('sms-autoresponder')));
  writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'flows');
  return dir;
}

describe('studio-lint diff against git', () => {
  it('one file against HEAD by default; unchanged is exit 0', async () => {
    const dir = repository();
    expect(await runCliInProcess(['diff', 'flows/support.json'], { cwd: dir })).toMatchObject({ status: 0, stdout: '', stderr: '' });
    writeFileSync(path.join(dir, 'flows', 'support.json'), studioText(edited().after));
    const run = await runCliInProcess(['diff', '-f', 'json', 'flows/support.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as FlowDiff[]).map((d) => [d.file, d.added, d.moved])).toEqual([[path.join('flows', 'support.json'), ['to_agent'], ['ask']]]);
  });

  it('a folder --since a revision: every changed flow file, added ones all added, deleted ones all removed, other JSON passed over', async () => {
    const dir = repository();
    const first = git(dir, 'rev-parse', 'HEAD').trim();
    writeFileSync(path.join(dir, 'flows', 'support.json'), studioText(edited().after));
    git(dir, 'commit', '-q', '-am', 'edit');
    writeFileSync(path.join(dir, 'flows', 'new.json'), studioText(fixtureFlow('chat-sms-to-flex')));
    rmSync(path.join(dir, 'flows', 'old.json'));
    writeFileSync(path.join(dir, 'flows', 'settings.json'), '{"a": 1}\n');
    // Re-indented only: no change.
    writeFileSync(path.join(dir, 'flows', 'ivr.json'), JSON.stringify(fixtureFlow('voice-ivr')));
    const run = await runCliInProcess(['diff', '-f', 'json', '--since', first, 'flows'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const byFile = Object.fromEntries((JSON.parse(run.stdout) as FlowDiff[]).map((d) => [d.file, d]));
    expect(Object.keys(byFile).sort()).toEqual(['flows/new.json', 'flows/old.json', 'flows/support.json']);
    expect(byFile['flows/new.json']).toMatchObject({ status: 'added', added: (fixtureFlow('chat-sms-to-flex').states as Json[]).map((s) => s.name) });
    expect(byFile['flows/old.json']).toMatchObject({ status: 'removed', removed: (fixtureFlow('sms-autoresponder').states as Json[]).map((s) => s.name) });
    expect(byFile['flows/support.json']).toMatchObject({ added: ['to_agent'] });
  });

  it('exit 2: an unknown revision, a folder outside a repository', async () => {
    const dir = repository();
    const unknown = await runCliInProcess(['diff', '--since', 'nope', 'flows'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(`studio-lint: nope: no such revision in the repository of ${path.join(dir, 'flows')}\n`);
    const outside = tempDir('studio-lint-nogit-');
    writeFileSync(path.join(outside, 'f.json'), studioText(fixtureFlow('voice-ivr')));
    const run = runCli(['diff', 'f.json'], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: path.dirname(outside) } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^studio-lint: .*: not inside a git repository .*\n$/);
  });

  it('--textconv: git diff and git log -p show the widget listing, a reorder shows nothing', () => {
    const dir = repository();
    git(dir, 'config', 'diff.studio.textconv', `"${process.execPath}" "${CLI}" diff --textconv`);
    writeFileSync(path.join(dir, '.gitattributes'), '*.json diff=studio\n');
    git(dir, 'add', '.gitattributes');
    git(dir, 'commit', '-q', '-m', 'attributes');
    const file = path.join(dir, 'flows', 'support.json');
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 4));
    expect(git(dir, 'diff', '--', 'flows/support.json')).toBe('');
    writeFileSync(file, studioText(edited().after));
    const shown = git(dir, 'diff', '--', 'flows/support.json');
    // Which lines git pairs up is its business; the lines that changed are these, nothing from the re-indent.
    expect(shown.split('\n').filter((l) => /^[-+][^-+]/.test(l)).sort()).toEqual(
      [
        '-  offset = 0,0',
        '+  offset = 50,50',
        '-  body = Thanks for order {{widgets.ask.inbound.Body}}',
        '+  body = Thank you for order {{widgets.ask.inbound.Body}}',
        '-  on sent → (ends)',
        '+  on sent → to_agent',
        '+widget to_agent (send-to-flex)',
        '+  channel = TC1',
        '+  offset = 0,0',
        '+  workflow = WW1',
      ].sort(),
    );
    git(dir, 'commit', '-q', '-am', 'edit');
    expect(git(dir, 'log', '-p', '-1', '--', 'flows/support.json')).toContain('+  body = Thank you for order');
    // A JSON file that is not a flow shows as it is.
    writeFileSync(path.join(dir, 'package.json'), '{"name": "y"}\n');
    expect(git(dir, 'diff', '--', 'package.json')).toContain('+{"name": "y"}');
  });
});

describe('lint --since / --changed', () => {
  const linted = (stdout: string) => (JSON.parse(stdout) as { filePath: string }[]).map((r) => path.basename(r.filePath)).sort();

  it('lint only the flow files git lists as changed: staged, unstaged, untracked; none changed is exit 0', async () => {
    const dir = repository();
    // chat-sms-to-flex has errors, committed: not linted while it does not change.
    writeFileSync(path.join(dir, 'flows', 'chat.json'), studioText(fixtureFlow('chat-sms-to-flex')));
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'chat');
    const first = git(dir, 'rev-parse', 'HEAD').trim();
    expect((await runCliInProcess(['lint', 'flows'], { cwd: dir })).status).toBe(1);
    expect(await runCliInProcess(['lint', '--changed', 'flows'], { cwd: dir })).toMatchObject({ status: 0, stderr: '' });
    writeFileSync(path.join(dir, 'flows', 'ivr.json'), JSON.stringify(fixtureFlow('voice-ivr')));
    git(dir, 'add', 'flows/ivr.json');
    writeFileSync(path.join(dir, 'flows', 'support.json'), studioText(edited().after));
    writeFileSync(path.join(dir, 'flows', 'fresh.json'), studioText(fixtureFlow('sms-autoresponder')));
    const changed = await runCliInProcess(['lint', '--changed', '-f', 'json', 'flows'], { cwd: dir });
    expect(linted(changed.stdout)).toEqual(['fresh.json', 'ivr.json', 'support.json']);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'more');
    expect(linted((await runCliInProcess(['lint', '--since', first, '-f', 'json', 'flows/*.json'], { cwd: dir })).stdout)).toEqual(['fresh.json', 'ivr.json', 'support.json']);
    // Nothing changed: nothing to report, as --ignore-non-flows with no flow left.
    expect(await runCliInProcess(['lint', '--since', 'HEAD', '-f', 'json', 'flows'], { cwd: dir })).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it('exit 2: an unknown revision; --since with --changed or --stdin', async () => {
    const dir = repository();
    expect(await runCliInProcess(['lint', '--since', 'nope', 'flows'], { cwd: dir })).toMatchObject({ status: 2, stderr: `studio-lint: nope: no such revision in the repository of ${path.join(dir, 'flows')}\n` });
    expect(await runCliInProcess(['lint', '--since', 'HEAD', '--changed', 'flows'], { cwd: dir })).toMatchObject({ status: 2, stderr: 'studio-lint: --changed is --since HEAD: give one of them\n' });
    expect((await runCliInProcess(['lint', '--changed', '--stdin'], { cwd: dir, input: '{}' })).status).toBe(2);
  });
});
