/**
 * The programmatic API as docs/api.md gives it: its example run against the built package (dist/, through the
 * package's "exports", as `import 'studio-lint'` resolves it) prints what the page says, and a call with wrong
 * arguments throws a TypeError that says what was expected.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeRules, decodeSource, diffTexts, fixSource, lintFiles, lintSource, lintText } from '../src/index.js';
import { fixtureFlow, ROOT, tempDir } from './helpers.js';

const page = readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
const block = (marker: string) => {
  const found = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(page);
  expect(found, `docs/api.md has a code block after <!-- ${marker} -->`).not.toBeNull();
  return found![1]!;
};
const fixture = (name: string) => readFileSync(path.join(ROOT, 'fixtures', name), 'utf8');

describe('docs/api.md', () => {
  it('its example, run against the built package on the example flow, prints what the page says', () => {
    const project = tempDir();
    mkdirSync(path.join(project, 'node_modules'));
    symlinkSync(ROOT, path.join(project, 'node_modules', 'studio-lint'));
    mkdirSync(path.join(project, 'flows'));
    cpSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), path.join(project, 'flows', 'chat-sms-to-flex.json'));
    writeFileSync(path.join(project, 'example.mjs'), block('api-example'));
    const run = spawnSync(process.execPath, ['example.mjs'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(block('api-example-output'));
  });
});

describe('lintText', () => {
  it('gives the lint command’s result for a path and a text, and with fix the fixed text and what remains', () => {
    const text = fixture('chat-sms-to-flex.json');
    const result = lintText('flows/chat.json', text);
    expect(result.filePath).toBe('flows/chat.json');
    expect([result.errorCount, result.warningCount]).toEqual([8, 4]);
    expect(result.output).toBeUndefined();
    // Its move is unsafe (it reads To and From), so every fix of the migration is (issue 24).
    expect(result.messages[0]).toMatchObject({ line: 8, column: 9, ruleId: 'no-incoming-message-trigger', fixSafety: 'unsafe' });

    const safe = lintText('flows/chat.json', text, { fix: true });
    expect(safe.output).toBeUndefined(); // nothing safe to do: the text stays as it is
    const unsafe = lintText('flows/chat.json', Buffer.from(text), { fix: 'unsafe' });
    expect(unsafe.output).toContain('{{trigger.conversation.ConversationSid}}');
    expect(unsafe.output).not.toContain('trigger.message.From');
    expect(unsafe.errorCount).toBeLessThan(safe.errorCount);

    // Settings as the config file's rules give them; a clean flow has no output to write.
    expect(lintText('chat.json', text, { settings: { rules: { 'no-incoming-message-trigger': { severity: 'off' } } } }).messages.map((m) => m.ruleId)).not.toContain('no-incoming-message-trigger');
    const clean = lintText('voice.json', fixture('voice-ivr.json'), { fix: true });
    expect(clean.errorCount).toBe(0);
    expect(clean.output).toBeUndefined();
  });
});

describe('diffTexts', () => {
  it('says what changed widget by widget, as diff -f json does; a reindented version is unchanged; a version that is not a flow is named', () => {
    const before = fixtureFlow('conversations-migrated') as { states: { name: string; type: string; properties: Record<string, unknown> }[] };
    const after = structuredClone(before);
    const send = after.states.find((w) => w.type === 'send-message' || w.type === 'send-and-wait-for-reply')!;
    send.properties.body = 'Changed';
    const [changed] = diffTexts('flow.json', JSON.stringify(before), Buffer.from(JSON.stringify(after, null, 4)));
    expect(changed).toMatchObject({ file: 'flow.json', status: 'changed', changed: [{ name: send.name, properties: [{ path: 'properties.body', after: 'Changed' }] }] });
    expect(diffTexts('flow.json', JSON.stringify(before), JSON.stringify(before, null, 8)).map((d) => d.status)).toEqual(['unchanged']);
    expect(() => diffTexts('flow.json', '{"a": 1}', JSON.stringify(before))).toThrow(/^studio-lint: diffTexts\(filePath, oldText, newText\): the old version of flow\.json is not a Studio flow/);
    expect(() => diffTexts('flow.json', JSON.stringify(before), 42 as never)).toThrow(/newText must be a version of the file, a string or a Buffer, not a number \(42\)/);
  });
});

describe('lintFiles over a folder', () => {
  it('reports an empty .json file as a fatal error, as the command line does, and passes over other JSON', async () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'fixtures', 'voice-ivr.json'), path.join(dir, 'voice-ivr.json'));
    writeFileSync(path.join(dir, 'cut.json'), '');
    writeFileSync(path.join(dir, 'other.json'), '{"not": "a flow"}');
    const { results } = await lintFiles(['.'], { cwd: dir });
    expect(results.map((r) => `${path.basename(r.filePath)} ${r.messages.filter((m) => m.fatal).map((m) => m.message).join()}`).sort()).toEqual(['cut.json invalid JSON: the file is empty', 'voice-ivr.json ']);
  });
});

describe('wrong arguments', () => {
  const text = fixture('chat-sms-to-flex.json');
  it('lintSource(path, text), the obvious mistake, says to decode the text or call lintText', () => {
    expect(() => lintSource('flow.json', text as never)).toThrow(TypeError);
    expect(() => lintSource('flow.json', text as never)).toThrow(/^studio-lint: lintSource\(filePath, source, active\?\): source must be a SourceText .*not a string .*call lintText\(filePath, text\)/);
    expect(() => lintSource(42 as never, decodeSource(text))).toThrow(/filePath must be a string, not a number \(42\)/);
    expect(() => lintSource('flow.json', decodeSource(text), {} as never)).toThrow(/active must be the rules to run, from activeRules\(settings\), not an object/);
    // Right, the rules may be left out.
    expect(lintSource('flow.json', decodeSource(text)).findings.length).toBe(lintSource('flow.json', decodeSource(text), activeRules()).findings.length);
  });

  it('lintText, fixSource and lintFiles say what they take', async () => {
    expect(() => lintText('flow.json', decodeSource(text) as never)).toThrow(/text must be the file’s content, a string or a Buffer, not an object .*pass source\.text/);
    expect(() => lintText(undefined as never, text)).toThrow(/^studio-lint: lintText\(filePath, text, options\?\): filePath must be a string .*not undefined/);
    expect(() => fixSource(text as never)).toThrow(/fixSource\(file, active\?, options\?\): file must be what lintSource returned, not a string .*lintText\(filePath, text, \{ fix: true \}\)/);
    expect(() => lintFiles('fixtures' as never)).toThrow(/paths must be an array .*lintFiles\(\["fixtures"\]\)/);
    const { results } = await lintFiles(['fixtures/voice-ivr.json'], { cwd: ROOT });
    expect(results).toHaveLength(1);
    expect(fixSource(lintSource('flow.json', decodeSource(text)), undefined, { unsafe: true }).changed).toBe(true);
  });
});
