/**
 * Issue 14 for the local commands: a failed write, a closed pipe or an odd path is a clear message with
 * the right exit code, never a stack trace; output made from file contents cannot break its format.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, flow, ROOT, runCliInProcess, runCliAsync, studioText, tempDir, widget } from './helpers.js';

const SMS = readFileSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), 'utf8');
const noInternalError = (run: { stderr: string }) => expect(run.stderr).not.toMatch(/internal error|\n\s+at /);

function project(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'flows'));
  writeFileSync(path.join(dir, 'flows', 'sms.json'), SMS);
  return dir;
}

describe('a failed write is exit 2 with a message', () => {
  it('-o into a missing folder, or onto a folder', async () => {
    const dir = project();
    const missing = (await runCliInProcess(['lint', '-f', 'json', '-o', 'nope/report.json', 'flows'], { cwd: dir }));
    noInternalError(missing);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--output-file nope/report.json: cannot write the report: the folder does not exist (ENOENT)');
    const onFolder = (await runCliInProcess(['lint', '-f', 'json', '-o', 'flows', 'flows'], { cwd: dir }));
    noInternalError(onFolder);
    expect(onFolder.status).toBe(2);
    expect(onFolder.stderr).toContain('--output-file flows: cannot write the report: is a folder (EISDIR)');
  });

  it('--cache-location on a folder, leaving no temporary file behind', async () => {
    const dir = project();
    mkdirSync(path.join(dir, 'cache'));
    const run = (await runCliInProcess(['lint', '--cache', '--cache-location', 'cache', 'flows'], { cwd: dir }));
    noInternalError(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--cache-location cache: is a folder; name the cache file');
    expect(readdirSync(dir).sort()).toEqual(['cache', 'flows']);
    const inMissing = (await runCliInProcess(['lint', '--cache', '--cache-location', 'gone/cache', 'flows'], { cwd: dir }));
    noInternalError(inMissing);
    expect(inMissing.status).toBe(2);
    expect(inMissing.stderr).toMatch(/--cache-location: cannot write the cache: .*gone\/cache: the folder does not exist \(ENOENT\)/);
  });

  it('$GITHUB_STEP_SUMMARY in a missing folder', async () => {
    const dir = project();
    const run = (await runCliInProcess(['lint', '-f', 'github', 'flows'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: path.join(dir, 'gone', 'summary.md') } }));
    noInternalError(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot write the step summary: the folder does not exist (ENOENT)');
  });

  it('downtime-flow --out into a missing folder', async () => {
    const dir = tempDir();
    const run = (await runCliInProcess(['downtime-flow', '--out', 'gone/downtime.json'], { cwd: dir }));
    noInternalError(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--out gone/downtime.json: cannot write it: the folder does not exist (ENOENT)');
  });

  it('a closed standard output (| head -1) ends the run quietly, with the run’s exit code', () => {
    const dir = tempDir();
    for (let i = 0; i < 300; i++) writeFileSync(path.join(dir, `f${i}.json`), SMS);
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" lint . | head -1 >/dev/null; echo "exit:\${PIPESTATUS[0]}" >&2`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).toBe('exit:1\n');
  });
});

describe('the right words', () => {
  it('a FIFO named on the command line is read, not "no such file"', async () => {
    const dir = tempDir();
    expect(spawnSync('mkfifo', [path.join(dir, 'pipe.json')]).status).toBe(0);
    const writer = spawn('sh', ['-c', `cat > "${path.join(dir, 'pipe.json')}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
    writer.stdin.end(SMS);
    const run = await runCliAsync(['lint', '-f', 'compact', 'pipe.json'], { cwd: dir });
    expect(run.stderr).not.toContain('no such file');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^pipe\.json:\d+:\d+: error no-incoming-message-trigger/m);
  });

  it('a file named explicitly but ignored by the config says so', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'studio-lint.config.json'), JSON.stringify({ ignores: ['flows/**'] }));
    const run = (await runCliInProcess(['lint', 'flows/sms.json'], { cwd: dir }));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('flows/sms.json: ignored by "ignores" in studio-lint.config.json; nothing left to lint');
    expect(run.stderr).not.toContain('no Studio flows found');
  });

  it('graph on a folder says it is a folder', async () => {
    const dir = project();
    const run = (await runCliInProcess(['graph', 'flows'], { cwd: dir }));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('studio-lint: flows: is a folder: graph draws one flow file\n');
  });

  it('a transition that is not an object is named as a transition, not as `transitions`', async () => {
    const value = flow({ incomingMessage: 'w' }, widget('w', 'send-message', {}, { body: 'hi', from: '{{flow.channel.address}}', to: '{{contact.channel.address}}' }));
    (value.states as { transitions: unknown[] }[])[1]!.transitions = ['sent'];
    const run = (await runCliInProcess(['lint', '--stdin', '-f', 'json'], { input: studioText(value) }));
    const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[])[0]!.messages.filter((m) => m.ruleId === 'valid-flow-schema');
    expect(messages.map((m) => m.message)).toContain("transition 0 of send-message 'w' must be an object");
  });

  it('valid-flow-schema flags a second transition for the same event', async () => {
    const value = flow({ incomingMessage: 'a' }, widget('a', 'send-message', {}, { body: 'hi' }), widget('b', 'send-message', {}, { body: 'hi' }));
    const trigger = (value.states as { transitions: { event: string; next?: string }[] }[])[0]!;
    trigger.transitions.push({ event: 'incomingMessage', next: 'b' });
    const run = (await runCliInProcess(['lint', '--stdin', '-f', 'json', '--rule', 'no-incoming-message-trigger:off'], { input: studioText(value) }));
    const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[])[0]!.messages;
    expect(messages.filter((m) => m.ruleId === 'valid-flow-schema').map((m) => m.message)).toEqual([
      "trigger 'Trigger' has a second transition for event 'incomingMessage': each event takes one transition; remove one of them",
    ]);
  });

  it('valid-flow-schema accepts one `match` transition per condition of a split, and flags a second `noMatch`', async () => {
    // Studio writes one `match` transition per condition of a Split Based On (studio-reference.md §1: conditions
    // appear on `match` transitions): 479 false errors over the public corpus before this was told apart.
    const condition = (value: string) => ({ friendly_name: value, arguments: ['{{trigger.conversation.Body}}'], type: 'equal_to', value });
    const split = widget('menu', 'split-based-on', { noMatch: 'a' }, { input: '{{trigger.conversation.Body}}' }) as { transitions: unknown[] };
    split.transitions.push({ next: 'a', event: 'match', conditions: [condition('1')] }, { next: 'b', event: 'match', conditions: [condition('2')] }, { next: 'b', event: 'noMatch' });
    const value = flow({ incomingConversationMessage: 'menu' }, split, widget('a', 'send-message', {}, { body: 'one' }), widget('b', 'send-message', {}, { body: 'two' }));
    const run = (await runCliInProcess(['lint', '--stdin', '-f', 'json'], { input: studioText(value) }));
    const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[])[0]!.messages;
    expect(messages.filter((m) => m.ruleId === 'valid-flow-schema').map((m) => m.message)).toEqual([
      "split-based-on 'menu' has a second transition for event 'noMatch': each event takes one transition; remove one of them",
    ]);
  });
});

describe('--stdin --fix', () => {
  it('prints the fixed text on standard output and the report, positioned in that text, on standard error', async () => {
    const run = (await runCliInProcess(['lint', '--stdin', '--fix', '-f', 'compact', '--stdin-filename', 'sms.json'], { input: SMS }));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('"event": "incomingConversationMessage"');
    expect(JSON.parse(run.stdout)).toBeTypeOf('object');
    const first = /^sms\.json:(\d+):(\d+): \w+ (\S+)/m.exec(run.stderr)!;
    expect(first).not.toBeNull();
    const line = run.stdout.split('\n')[Number(first[1]) - 1]!;
    expect(line.length).toBeGreaterThanOrEqual(Number(first[2]));
    const unchanged = (await runCliInProcess(['lint', '--stdin', '--fix'], { input: '{"states": [], "initial_state": "Trigger"}' }));
    expect(unchanged.stdout).toBe('{"states": [], "initial_state": "Trigger"}');
  });
});

describe('output that file contents cannot break', () => {
  it('Mermaid labels escape <, |, quotes and line breaks (graph and the step summary)', async () => {
    const dir = tempDir();
    const evil = 'x<img src=x onerror=alert(1)>|"\nclick n0 call alert()';
    const value = flow({ incomingMessage: evil }, widget(evil, 'send-message', { sent: 'missing<b>' }, { body: 'hi' }));
    writeFileSync(path.join(dir, 'evil.json'), studioText(value));
    const run = (await runCliInProcess(['graph', 'evil.json'], { cwd: dir }));
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/<img|<b>|\nclick/);
    expect(run.stdout).toContain('x#60;img src=x onerror=alert(1)#62;#124;#quot; click n0 call alert()');
    const summary = path.join(dir, 'summary.md');
    (await runCliInProcess(['lint', '-f', 'github', 'evil.json'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } }));
    expect(existsSync(summary)).toBe(true);
    expect(readFileSync(summary, 'utf8')).not.toMatch(/<img|<b>|\nclick/);
  });

  it('github: escape and bell characters of file and widget names reach the workflow log escaped', async () => {
    const dir = tempDir();
    const name = 'bell\u0007 \u001b]0;owned\u0007 \u001b[2J';
    writeFileSync(path.join(dir, `${name}.json`), studioText(flow({ incomingMessage: name }, widget(name, 'send-message', { sent: 'gone' }, { body: 'hi' }))));
    const run = (await runCliInProcess(['lint', '-f', 'github', '.'], { cwd: dir }));
    expect(run.status).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(run.stdout).toContain('::error file=bell\\u0007 \\u001b]0;owned\\u0007 \\u001b[2J.json,');
    expect(run.stdout).toMatch(/'bell\\u0007 \\u001b]0;owned\\u0007 \\u001b\[2J'/);
  });

  it('SARIF uris are percent-encoded', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'my flows [old]'));
    writeFileSync(path.join(dir, 'my flows [old]', 'café #1.json'), SMS);
    const run = (await runCliInProcess(['lint', '-f', 'sarif', '.'], { cwd: dir }));
    const log = JSON.parse(run.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(['my%20flows%20%5Bold%5D/caf%C3%A9%20%231.json']);
  });
});
