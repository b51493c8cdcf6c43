/**
 * The fix loop and the fix modes of the CLI: what is written, what is not, and when.
 */
import { chmodSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeRules, decodeSource, fixSource, lintSource, verify, MAX_PASSES, type ActiveRule, type LintResult } from '../src/index.js';
import type { Rule } from '../src/rules/types.js';
import { conversationFlowWith, flow, ROOT, runCli, studioText, tempDir, widget } from './helpers.js';

const FIXTURES = path.join(ROOT, 'fixtures');
const json = (stdout: string) => JSON.parse(stdout) as LintResult[];

function copyFixtures(): string {
  const dir = tempDir();
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

describe('--fix', () => {
  it('--fix leaves a flow alone whose move is unsafe; --unsafe-fixes migrates it, reports what remains, and a second run changes nothing', () => {
    const dir = copyFixtures();
    const untouched = statSync(path.join(dir, 'voice-ivr.json')).mtimeMs;
    const original = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    // Both Chat-era flows read values whose replacement renders differently (From, To, Chat channel attributes),
    // or hand the whole trigger to a Function: moving their Trigger is unsafe, and so is every read that moves with it.
    const safe = runCli(['--fix', '--format', 'json', dir]);
    expect(safe.status).toBe(1);
    expect(safe.stderr).toBe('0 fixed (0 unsafe), 24 remaining\n');
    expect(readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'))).toEqual(original);

    const run = runCli(['--fix', '--unsafe-fixes', '--format', 'json', dir]);
    expect(run.status).toBe(1);
    const remaining = json(run.stdout).flatMap((r) => r.messages.map((m) => m.ruleId));
    // To has no replacement; the webchat flow's Function still receives the whole trigger.message; the renamed
    // name and channelType attributes are ones Send to Flex sets itself; the webchat split still compares the
    // channel type with 'web'. The plain SMS flow is no part of the migration and keeps its Incoming Message.
    const counts: Record<string, number> = {};
    for (const id of remaining) counts[id!] = (counts[id!] ?? 0) + 1;
    expect(counts).toEqual({ 'no-unavailable-trigger-variable': 1, 'no-whole-trigger-reference': 1, 'no-flex-owned-attribute': 3, 'no-legacy-channel-type': 1 });
    expect(readFileSync(path.join(dir, 'sms-autoresponder.json'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'sms-autoresponder.json'), 'utf8'));
    const sms = readFileSync(path.join(dir, 'chat-sms-to-flex.json'), 'utf8');
    expect(sms).toContain('"next": "check_keyword",\n          "event": "incomingConversationMessage"');
    expect(sms).toContain('"channel": "{{trigger.conversation.ConversationSid}}"');
    expect(sms).toContain('{{trigger.message.To}}');
    expect(statSync(path.join(dir, 'voice-ivr.json')).mtimeMs).toBe(untouched);

    const before = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    runCli(['--fix', '--unsafe-fixes', dir]);
    expect(readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'))).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('changes only the bytes of the changed values', () => {
    const dir = tempDir();
    const file = path.join(dir, 'flow.json');
    // A Chat-era flow whose every read has a safe rename: --fix moves it.
    const original = studioText(
      flow(
        { incomingMessage: 'ack' },
        widget('ack', 'send-message', { sent: 'agent' }, { body: 'We got "{{trigger.message.Body}}"', service: '{{trigger.message.InstanceSid}}', channel: '{{trigger.message.ChannelSid}}', to: '{{contact.channel.address}}' }),
        widget('agent', 'send-to-flex', {}, { workflow: 'WW1', channel: 'TC1', attributes: '{"channelSid": "{{trigger.message.ChannelSid}}"}' }),
      ),
    );
    writeFileSync(file, original);
    expect(runCli(['--fix', file]).stderr).toBe('5 fixed (0 unsafe), 0 remaining\n');
    const fixed = readFileSync(file, 'utf8');
    const expected = original
      .replace('"next": "ack",\n          "event": "incomingMessage"', '"event": "incomingMessage"')
      .replace('{\n          "event": "incomingConversationMessage"', '{\n          "next": "ack",\n          "event": "incomingConversationMessage"')
      .replaceAll('trigger.message.Body', 'trigger.conversation.Body')
      .replaceAll('trigger.message.InstanceSid', 'trigger.conversation.InstanceSid')
      .replaceAll('trigger.message.ChannelSid', 'trigger.conversation.ConversationSid');
    expect(fixed).toBe(expected);
  });

  it('moves a flow that hands the whole trigger to a Function only with --unsafe-fixes, all reads with it', () => {
    const dir = copyFixtures();
    const file = path.join(dir, 'webchat-pre-engagement.json');
    const original = readFileSync(file, 'utf8');
    runCli(['--fix', file]);
    expect(readFileSync(file, 'utf8')).toBe(original);
    runCli(['--fix', '--unsafe-fixes', file]);
    const fixed = readFileSync(file, 'utf8');
    expect(fixed).toContain('"next": "route_by_channel",\n          "event": "incomingConversationMessage"');
    expect(fixed).not.toMatch(/trigger\.message\.(?!\w*\s*\|\s*to_json)/);
  });

  it('keeps the BOM, CRLF line endings, the missing final newline and the file mode', () => {
    const dir = tempDir();
    const file = path.join(dir, 'flow.json');
    const text = '\uFEFF' + conversationFlowWith('send-message', { body: '{{trigger.message.Body}}' }).replace(/\n/g, '\r\n').trimEnd();
    writeFileSync(file, text);
    chmodSync(file, 0o640);
    expect(runCli(['--fix', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text.replace('trigger.message.Body', 'trigger.conversation.Body'));
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('--unsafe-fixes applies unsafe fixes too; --fix-rule limits the rules that fix', () => {
    const dir = copyFixtures();
    const file = path.join(dir, 'webchat-pre-engagement.json');
    runCli(['--fix', '--unsafe-fixes', '--fix-rule', 'no-incoming-message-trigger', file]);
    let text = readFileSync(file, 'utf8');
    expect(text).toContain('"event": "incomingConversationMessage"');
    expect(text).toContain('trigger.message.ChannelSid');
    runCli(['--fix', '--unsafe-fixes', file]);
    text = readFileSync(file, 'utf8');
    // channel_type: the team's own attribute, Source as the fallback; the compared value 'web' stays (no rewrite of values).
    expect(text).toContain(
      '"input": "{% if trigger.conversation.ChannelAttributes.channel_type %}{{trigger.conversation.ChannelAttributes.channel_type}}{% else %}{{trigger.conversation.Source | downcase}}{% endif %}"',
    );
    expect(text).toContain('"value": "web"');
    expect(runCli(['--fix', '--fix-rule', 'nope', file]).status).toBe(2);
  });

  it('--fix-dry-run writes nothing and puts the fixed text in `output`', () => {
    const dir = copyFixtures();
    const file = path.join(dir, 'chat-sms-to-flex.json');
    const original = readFileSync(file, 'utf8');
    const [result] = json(runCli(['--fix-dry-run', '--unsafe-fixes', '--format', 'json', file]).stdout);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(result!.output).toContain('trigger.conversation.ConversationSid');
    expect(result!.messages.every((m) => m.ruleId !== 'no-incoming-message-trigger')).toBe(true);
  });

  it('--diff prints a unified diff and exits 1 when there is one, 0 when none', () => {
    const dir = copyFixtures();
    expect(runCli(['--diff', dir], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
    const run = runCli(['--diff', '--unsafe-fixes', dir], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^--- a\/chat-sms-to-flex\.json\n\+\+\+ b\/chat-sms-to-flex\.json\n@@ -6,13 \+6,13 @@\n/);
    expect(run.stdout).toContain('\n-        "channel": "{{trigger.message.ChannelSid}}",\n');
    expect(run.stdout).toContain('\n+        "channel": "{{trigger.conversation.ConversationSid}}",\n');
    expect(readFileSync(path.join(dir, 'chat-sms-to-flex.json'), 'utf8')).toContain('trigger.message.ChannelSid');
    expect(runCli(['--diff', 'voice-ivr.json'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
    // A file it cannot lint exits 1 too, with no diff: named on standard error (docs/cli.md says so).
    writeFileSync(path.join(dir, 'cut.json'), '{"states": [');
    expect(runCli(['--diff', 'cut.json', 'voice-ivr.json'], { cwd: dir })).toMatchObject({ status: 1, stdout: '', stderr: "studio-lint: cut.json: invalid JSON: unexpected end of file: '[' is not closed\n" });
    const cli = readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
    expect(cli).toMatch(/\| `--diff` \| [^\n]*exit 1 when there is one, and also when a file cannot be linted or fixed/);
  });
});

/** A rule for testing the loop itself: its fix is whatever the test says. */
function fakeRule(edit: (text: string) => { start: number; end: number; text: string }): ActiveRule {
  const rule: Rule = {
    meta: { id: 'fake', type: 'problem', category: 'correctness', defaultSeverity: 'error', description: 'fake', fixable: 'safe', docs: { what: '', why: '', example: { before: '' } } },
    check(context) {
      context.report({ at: { pointer: ['states', 1, 'properties', 'body'] }, message: 'fake', fix: { safety: 'safe', description: 'fake', edits: () => [edit(context.locator.text)] } });
    },
  };
  return { rule, severity: 2, options: {} };
}

describe('the fix loop', () => {
  const text = conversationFlowWith('send-message', { body: 'hello' });
  const source = decodeSource(text);

  it('refuses a result that does not parse, and reports why', () => {
    const active = [fakeRule((t) => ({ start: t.indexOf('"hello"'), end: t.indexOf('"hello"') + 7, text: '"hello' }))];
    const outcome = fixSource(lintSource('f.json', source, active), active);
    expect(outcome).toMatchObject({ changed: false, output: text });
    expect(outcome.failure).toMatch(/not valid JSON/);
  });

  it('refuses a result where a value changed JSON type', () => {
    const active = [fakeRule((t) => ({ start: t.indexOf('"hello"'), end: t.indexOf('"hello"') + 7, text: '42' }))];
    const outcome = fixSource(lintSource('f.json', source, active), active);
    expect(outcome.failure).toBe('a fix changed the JSON type of /states/1/properties/body');
    expect(verify('{"states": [], "a": "1"}', '{"states": [], "a": 1}')).toBe('a fix changed the JSON type of /a');
  });

  it(`stops after ${MAX_PASSES} passes and says so`, () => {
    const active = [fakeRule((t) => ({ start: t.indexOf('hello"'), end: t.indexOf('hello"'), text: 'x' }))];
    const outcome = fixSource(lintSource('f.json', source, active), active);
    expect(outcome).toMatchObject({ passes: MAX_PASSES, hitLimit: true, changed: true });
    expect(outcome.output).toContain(`"${'x'.repeat(MAX_PASSES)}hello"`);
  });

  it('applies overlapping fixes in later passes until none is left', () => {
    const code = conversationFlowWith('send-message', { body: '{% assign m = trigger.message %}{{ m.ChannelSid }}{{ m.Body }}{{ m.MessageSid }}' });
    const active = activeRules();
    const outcome = fixSource(lintSource('f.json', decodeSource(code), active), active);
    expect(outcome.output).toBe(conversationFlowWith('send-message', { body: '{% assign m = trigger.conversation %}{{ m.ConversationSid }}{{ m.Body }}{{ m.MessageSid }}' }));
    expect(outcome.hitLimit).toBe(false);
  });
});
