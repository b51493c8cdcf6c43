/**
 * `diff --remote`: a pulled file against its flow in the account, through the command line (run in this
 * process: runCliInProcess) and the real twilio package over HTTP to the stand-in on 127.0.0.1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureFlow, runCliInProcess, tempDir } from './helpers.js';
import { AUTH_TOKEN, StudioApiStandIn } from './support/studio-api.js';

let api: StudioApiStandIn;
let dir: string;
const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: api.env() });

beforeEach(async () => {
  api = new StudioApiStandIn();
  await api.start();
  dir = tempDir();
});
afterEach(async () => {
  await api.stop();
});

describe('diff --remote', () => {
  it('shows what a local edit and a Console edit changed against the account, by widget; nothing changed is exit 0', async () => {
    const sid = api.addFlow('Inbound SMS', fixtureFlow('conversations-migrated'));
    const pulled = await cli(['pull', '--sid', sid]);
    expect(pulled.status, pulled.stderr).toBe(0);
    const file = path.join(dir, 'flows', 'inbound-sms.json');

    const same = await cli(['diff', '--remote', 'flows/inbound-sms.json']);
    expect(same.stderr).toBe('');
    expect(same.status).toBe(0);

    // A local edit: one widget's property.
    const local = JSON.parse(readFileSync(file, 'utf8')) as { states: { name: string; type: string; properties: Record<string, unknown> }[] };
    const send = local.states.find((s) => s.type === 'send-message' || s.type === 'send-and-wait-for-reply')!;
    send.properties.body = 'Edited locally';
    writeFileSync(file, JSON.stringify(local, null, 2));
    const edited = await cli(['diff', '--remote', '-f', 'json', 'flows']);
    expect(edited.status, edited.stderr).toBe(1);
    const [only] = JSON.parse(edited.stdout) as { file: string; changed: { name: string; properties: { path: string; after: unknown }[] }[] }[];
    expect(only!.file).toBe(path.join('flows', 'inbound-sms.json'));
    expect(only!.changed).toEqual([expect.objectContaining({ name: send.name, properties: [expect.objectContaining({ path: 'properties.body', after: 'Edited locally' })] })]);

    // A Console edit since the pull shows too (the account's side is its current revision), and credentials never appear.
    const consoleEdit = structuredClone(fixtureFlow('conversations-migrated')) as { description: string };
    consoleEdit.description = 'changed in the Console';
    api.addRevision(sid, consoleEdit, 'published', 'console');
    const both = await cli(['diff', '--remote', '--no-color', 'flows/inbound-sms.json']);
    expect(both.status).toBe(1);
    expect(both.stdout).toContain('changed in the Console');
    expect(both.stdout + both.stderr).not.toContain(AUTH_TOKEN);
  });

  it('a file pull has no record of is a usage error naming it; a failure of the account is exit 3', async () => {
    writeFileSync(path.join(dir, 'mine.json'), JSON.stringify(fixtureFlow('voice-ivr')));
    const unknown = await cli(['diff', '--remote', 'mine.json']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^studio-lint: mine\.json: not a pulled flow \(\.studio-lint-flows\.json has no record of it\)/);
    // A folder pull never wrote to is not "no difference": it says so.
    const never = await cli(['diff', '--remote', '.']);
    expect(never.status).toBe(2);
    expect(never.stderr).toMatch(/^studio-lint: \.: no pulled flows \(no \.studio-lint-flows\.json records any\)/);
    const sid = api.addFlow('Voice', fixtureFlow('voice-ivr'));
    expect((await cli(['pull', '--sid', sid])).status).toBe(0);
    api.faults.push({ method: 'GET', path: /\/v2\/Flows\/FW/, status: 500, times: 10 });
    const failed = await cli(['diff', '--remote', 'flows']);
    expect(failed.status).toBe(3);
  });
});
