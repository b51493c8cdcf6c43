/**
 * Issue 14, bytes and encodings: --fix never changes bytes it had no reason to touch, a UTF-16 file is
 * named as such, and a lone CR ends a line for positions as in editors and ESLint.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSource, LineIndex } from '../src/index.js';
import { readSource } from '../src/runner/run.js';
import { ROOT, runCli, runCliAsync, tempDir } from './helpers.js';

const SMS = readFileSync(path.join(ROOT, 'fixtures', 'chat-sms-to-flex.json'), 'utf8');

describe('bytes that are not UTF-8', () => {
  it('--fix fixes a file with invalid UTF-8 and writes every byte it did not fix back as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'latin1.json');
    // "Café" in Latin-1 in the description and in a string --fix changes: the 0xE9 byte is not UTF-8. Its
    // twin has '@' there.
    const latin = SMS.replace(/"description": "[^"]*"/, '"description": "Caf@"').replace('"input": "{{trigger.message.Body}}"', '"input": "Caf@ {{trigger.message.Body}}"');
    const [before, middle, after] = latin.split('@') as [string, string, string];
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(middle), Buffer.from([0xe9]), Buffer.from(after)]);
    writeFileSync(file, bytes);
    writeFileSync(path.join(dir, 'twin.json'), latin);
    expect(decodeSource(bytes).invalidUtf8At).toBe(bytes.indexOf(0xe9));

    const lint = runCli(['lint', '-f', 'json', file]);
    const results = JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[];
    expect(results[0]!.messages.some((m) => m.ruleId === 'no-incoming-message-trigger')).toBe(true);

    runCli(['lint', '--fix', '--unsafe-fixes', dir]);
    const twin = readFileSync(path.join(dir, 'twin.json'));
    expect(twin.toString()).toContain('"input": "Caf@ {{trigger.conversation.Body}}"');
    const expected = Buffer.from(twin.map((b) => (b === 0x40 ? 0xe9 : b)));
    expect(twin.filter((b) => b === 0x40)).toHaveLength(2);
    expect(readFileSync(file).equals(expected)).toBe(true);
  });

  it('a UTF-16 file (PowerShell’s >) is reported as UTF-16, with what to do', () => {
    const dir = tempDir();
    for (const [name, bytes] of [
      ['bom.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SMS, 'utf16le')])],
      ['nobom.json', Buffer.from(SMS, 'utf16le')],
    ] as const) {
      writeFileSync(path.join(dir, name), bytes);
      const run = runCli(['lint', '-f', 'compact', name], { cwd: dir });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`${name}:1:1: error fatal the file is UTF-16LE (PowerShell's > and Out-File write that); Studio flows are UTF-8: save it as UTF-8`);
      expect(run.stdout).not.toContain('unexpected');
    }
  });
});

describe('line breaks', () => {
  it('a lone CR ends a line, like LF and CRLF', () => {
    const lf = new LineIndex('a\nb\nc');
    const cr = new LineIndex('a\rb\rc');
    const crlf = new LineIndex('a\r\nb\r\nc');
    expect([cr.position(4), cr.position(2)]).toEqual([lf.position(4), lf.position(2)]);
    expect(crlf.position(6)).toEqual({ line: 3, column: 1 });
    const dir = tempDir();
    writeFileSync(path.join(dir, 'lf.json'), SMS);
    writeFileSync(path.join(dir, 'cr.json'), SMS.replace(/\n/g, '\r'));
    const positions = (name: string) => runCli(['lint', '-f', 'compact', name], { cwd: dir }).stdout.split('\n').filter((l) => l.startsWith(name)).map((l) => l.slice(name.length));
    expect(positions('cr.json')).toEqual(positions('lf.json'));
    expect(positions('lf.json').length).toBeGreaterThan(3);
  });
});

describe('readSource', () => {
  // The fast path reads the file as UTF-8 text; whatever that text cannot tell apart is read again as bytes.
  const cases: [string, Buffer][] = [
    ['plain UTF-8', Buffer.from('{"a": "Café ✓"}')],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": 1}')])],
    ['a U+FFFD written in the file', Buffer.from('{"a": "\uFFFD"}')],
    ['an invalid byte', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])],
    ['UTF-16LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')])],
    ['UTF-16LE without one', Buffer.from('{"a": 1}', 'utf16le')],
    ['UTF-16BE without one', Buffer.from('{"a": 1}', 'utf16le').swap16()],
    ['one byte', Buffer.from('{')],
    ['empty', Buffer.alloc(0)],
  ];
  it.each(cases)('%s: the same source as decoding the bytes', (_, bytes) => {
    const file = path.join(tempDir(), 'f.json');
    writeFileSync(file, bytes);
    expect(readSource(file)).toEqual(decodeSource(bytes));
  });
});

describe('a FIFO (bash’s <(…)), which can be read only once', () => {
  // The text fast path reads UTF-16 and invalid UTF-8 a second time, as bytes: a FIFO would have nothing left
  // (or hang for a writer), so a named FIFO is read as bytes from the start.
  const fifo = (bytes: Buffer) => {
    const dir = tempDir();
    const file = path.join(dir, 'flow.json');
    const source = path.join(dir, 'source');
    writeFileSync(source, bytes);
    execFileSync('mkfifo', [file]);
    // A writer in the background, as bash's process substitution; it ends when the FIFO has been read.
    spawn('sh', ['-c', `cat "${source}" > "${file}"`], { stdio: 'ignore' });
    return file;
  };
  it('a UTF-16 flow through a FIFO is named UTF-16, as from a file', async () => {
    const run = await runCliAsync(['-f', 'json', '--cache', '--cache-location', path.join(tempDir(), 'c'), fifo(Buffer.from(SMS, 'utf16le'))]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('UTF-16LE');
  });
  it('a flow with an invalid byte through a FIFO is linted, as from a file', async () => {
    const latin = Buffer.from(SMS.replace('"description": "', '"description": "Caf@'));
    latin[latin.indexOf(0x40)] = 0xe9;
    const run = await runCliAsync(['-f', 'json', fifo(latin)]);
    const results = JSON.parse(run.stdout) as { messages: { ruleId: string | null }[] }[];
    expect(results[0]!.messages.some((m) => m.ruleId === 'no-incoming-message-trigger')).toBe(true);
  });
});
