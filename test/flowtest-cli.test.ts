/**
 * `studio-lint test` as users run it: the fixtures' flow tests, reports, exit codes, bad test files, and a
 * migration proven (or not) by `lint --fix` then `test --against`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, runCliInProcess, tempDir } from './helpers.js';

const FIXTURES = path.join(ROOT, 'fixtures');
// The fixtures' flow tests are in a folder of their own, so that the example flows stay a folder of flows only.
const FLOWTESTS = path.join(ROOT, 'flowtests');
const flowFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
const testFiles = readdirSync(FLOWTESTS).filter((f) => f.endsWith('.flowtest.json'));

interface JsonReport {
  summary: { passed: number; failed: number; files: number; badFiles: number };
  errors: { file: string; pointer: string; message: string }[];
  files: {
    file: string;
    flow: string;
    cases: { name: string; status: string; differences: { expectation: string; widget?: string; message: string }[] }[];
    coverage?: { widgets: { notRun: string[] }; transitions: { notTaken: string[] } };
  }[];
}

/** A folder with copies of the fixtures' flows and, beside them, their flow tests. */
function fixtureCopy(): string {
  const dir = tempDir('studio-lint-flowtest-');
  for (const f of flowFiles) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  for (const f of testFiles) writeFileSync(path.join(dir, f), readFileSync(path.join(FLOWTESTS, f), 'utf8').replace('"flow": "../fixtures/', '"flow": "'));
  return dir;
}

describe('studio-lint test on the fixtures', () => {
  it('every flow in fixtures/ has a flow test, and all of them pass (exit 0)', () => {
    expect(testFiles.map((f) => f.replace('.flowtest.json', '.json')).sort()).toEqual([...flowFiles].sort());
    // The built binary, which loads the test command from its own file (dist/test-command.cjs); the other tests
    // run the command line in this process (runCliInProcess).
    const run = runCli(['test', 'flowtests']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('flowtests/chat-sms-to-flex.flowtest.json (fixtures/chat-sms-to-flex.json)\n  ✓ an SMS saying STOP gets the stop confirmation and goes no further\n');
    expect(run.stdout).toMatch(/\n12 passed, 0 failed \(5 test files\)\n$/);
  });

  it('lint passes over flow tests beside the flows: the same report with and without them', async () => {
    const dir = tempDir('studio-lint-flowtest-');
    for (const f of flowFiles) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    const without = await runCliInProcess(['lint', '--format', 'json', '.'], { cwd: dir });
    for (const f of testFiles) writeFileSync(path.join(dir, f), readFileSync(path.join(FLOWTESTS, f), 'utf8').replace('"flow": "../fixtures/', '"flow": "'));
    const withTests = await runCliInProcess(['lint', '--format', 'json', '.'], { cwd: dir });
    const glob = await runCliInProcess(['lint', '--format', 'json', '*.json'], { cwd: dir });
    expect(withTests.status).toBe(1);
    expect([withTests.status, withTests.stdout]).toEqual([without.status, without.stdout]);
    expect(glob.stdout).toBe(without.stdout);
    expect((JSON.parse(withTests.stdout) as { filePath: string }[]).map((r) => path.basename(r.filePath)).sort()).toEqual([...flowFiles].sort());
    // --debug says why each is passed over; and the flow tests beside the flows run from there.
    expect((await runCliInProcess(['lint', '--debug', '.'], { cwd: dir })).stderr).toContain('chat-sms-to-flex.flowtest.json');
    expect((await runCliInProcess(['test'], { cwd: dir })).stdout).toMatch(/\n12 passed, 0 failed \(5 test files\)\n$/);
  });

  it('a failing case exits 1 with a diff naming the widget and the rendered value', async () => {
    const dir = fixtureCopy();
    const file = path.join(dir, 'sms-autoresponder.flowtest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('we are open 9-5', 'we are open 8-6'));
    const run = await runCliInProcess(['test', 'sms-autoresponder.flowtest.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      '  ✗ any text gets the opening hours, naming the sender and the number texted\n      sent[0] (reply_hours): message from \'reply_hours\': body "Hi +15005550006, we are open 9-5. You texted +15005550001.", expected "Hi +15005550006, we are open 8-6. You texted +15005550001."\n',
    );
    expect(run.stdout).toMatch(/1 passed, 1 failed \(1 test file\)\n$/);
  });

  it('--format json and junit report the same cases; --coverage names what no case ran', async () => {
    const json = await runCliInProcess(['test', 'flowtests', '--format', 'json', '--coverage']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.summary).toEqual({ passed: 12, failed: 0, files: 5, badFiles: 0 });
    const voice = report.files.find((f) => f.file === 'flowtests/voice-ivr.flowtest.json')!;
    expect(voice.coverage!.transitions.notTaken).toEqual(['sms_hours.failed → goodbye']);
    const junit = await runCliInProcess(['test', 'flowtests', '--format', 'junit']);
    expect(junit.stdout).toContain('<testsuites name="studio-lint test" tests="12" failures="0" errors="0">');
    expect(junit.stdout.match(/<testcase /g)).toHaveLength(12);
    const text = await runCliInProcess(['test', 'flowtests/voice-ivr.flowtest.json', '--coverage']);
    expect(text.stdout).toContain('  coverage: widgets 4/4, transitions 4/5\n    transition not taken: sms_hours.failed → goodbye\n');
  });

  it('a widget that needs an outcome and has none fails the case naming it', async () => {
    const dir = fixtureCopy();
    const file = path.join(dir, 'voice-ivr.flowtest.json');
    const spec = JSON.parse(readFileSync(file, 'utf8')) as { cases: { widgets?: unknown }[] };
    delete spec.cases[0]!.widgets;
    writeFileSync(file, JSON.stringify(spec));
    const run = await runCliInProcess(['test', 'voice-ivr.flowtest.json', '--format', 'junit'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`<failure message="&apos;menu&apos; (gather-input-on-call) depends on the outside world: say how it ends in &quot;widgets&quot;: { &quot;menu&quot;: { &quot;event&quot;: &quot;keypress&quot; | &quot;speech&quot; | &quot;timeout&quot;, &quot;Digits&quot;: &quot;1&quot; or &quot;SpeechResult&quot;: &quot;…&quot; } }">`);
  });
});

describe('bad flow test files exit 2, naming the file and the JSON pointer', () => {
  const cases: [string, unknown, string][] = [
    ['missing flow', { cases: [] }, 'at the top level: missing "flow"'],
    ['no cases', { flow: 'sms-autoresponder.json', cases: [] }, 'at /cases: no cases: a flow test needs at least one'],
    ['a typo in a key', { flow: 'sms-autoresponder.json', cases: [{ name: 'a', trigger: { event: 'incomingMessage' }, expect: { sentt: [] } }] }, 'at /cases/0/expect/sentt: unknown key "sentt" (expected one of path, end, sent, flex, variables, said)'],
    ['an unknown event', { flow: 'sms-autoresponder.json', cases: [{ name: 'a', trigger: { event: 'incomingSms' } }] }, 'at /cases/0/trigger/event: unknown trigger event "incomingSms"'],
    ['a preset that cannot start the event', { flow: 'sms-autoresponder.json', cases: [{ name: 'a', trigger: { event: 'incomingCall', channel: 'sms' } }] }, 'at /cases/0/trigger/channel: the sms preset cannot start incomingCall (it goes with voice)'],
    ['a wrong type', { flow: 'sms-autoresponder.json', cases: [{ name: 'a', trigger: { event: 'incomingMessage' }, expect: { path: ['check_keyword', 3] } }] }, 'at /cases/0/expect/path/1: expected a string, found a number'],
    ['two cases of one name', { flow: 'sms-autoresponder.json', cases: [{ name: 'a', trigger: { event: 'incomingMessage' } }, { name: 'a', trigger: { event: 'incomingMessage' } }] }, 'at /cases/1/name: two cases are named "a"'],
    ['a flow that is not there', { flow: 'nope.json', cases: [{ name: 'a', trigger: { event: 'incomingMessage' } }] }, 'at /flow: nope.json: cannot read the flow (ENOENT)'],
    ['a flow that is not a flow', { flow: 'package.json', cases: [{ name: 'a', trigger: { event: 'incomingMessage' } }] }, 'at /flow: package.json: not a flow'],
  ];

  it.each(cases)('%s', async (_, spec, message) => {
    const dir = fixtureCopy();
    writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
    writeFileSync(path.join(dir, 'bad.flowtest.json'), JSON.stringify(spec));
    const run = await runCliInProcess(['test', '.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(`bad.flowtest.json\n  bad test file ${message}`);
    // The other files still ran.
    expect(run.stdout).toContain('12 passed, 0 failed (5 test files, 1 bad)');
    const json = await runCliInProcess(['test', 'bad.flowtest.json', '--format', 'json'], { cwd: dir });
    expect(json.status).toBe(2);
    expect(json.stderr).toContain(`studio-lint: bad.flowtest.json: bad test file ${message}`);
  });

  it('invalid JSON, and no test files at all', async () => {
    const dir = tempDir('studio-lint-flowtest-');
    writeFileSync(path.join(dir, 'broken.flowtest.json'), '{"flow": ');
    const run = await runCliInProcess(['test'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/broken\.flowtest\.json\n {2}bad test file at the top level: invalid JSON: /);
    mkdirSync(path.join(dir, 'empty'));
    expect(await runCliInProcess(['test', 'empty'], { cwd: dir })).toMatchObject({ status: 2, stderr: 'studio-lint: no flow test files (*.flowtest.json, *.flowtest.yaml) in empty\n' });
    expect(await runCliInProcess(['test', 'missing'], { cwd: dir })).toMatchObject({ status: 2, stderr: 'studio-lint: no such file or folder: missing\n' });
    expect(await runCliInProcess(['test', '.', '--format', 'tap'], { cwd: dir })).toMatchObject({ status: 2, stderr: "studio-lint: unknown test format 'tap' (one of text, json, junit)\n" });
  });
});

describe('flow tests in YAML', () => {
  it('run as the JSON ones do, and a problem is named by the same JSON pointer', async () => {
    const dir = fixtureCopy();
    writeFileSync(
      path.join(dir, 'ivr.flowtest.yaml'),
      [
        'flow: voice-ivr.json',
        'cases:',
        '  - name: pressing 1 sends the hours',
        '    trigger: { event: incomingCall }',
        '    widgets:',
        '      menu: { Digits: "1" }',
        '    expect:',
        '      path: [menu, route_digits, sms_hours, goodbye]',
        '      said: ["Press 1 for a text message with our opening hours.", "We sent you a text message. Goodbye."]',
        '',
      ].join('\n'),
    );
    const run = await runCliInProcess(['test', 'ivr.flowtest.yaml'], { cwd: dir });
    expect(run.stdout).toBe('ivr.flowtest.yaml (voice-ivr.json)\n  ✓ pressing 1 sends the hours\n\n1 passed, 0 failed (1 test file)\n');
    expect(run.status).toBe(0);
    expect((await runCliInProcess(['test'], { cwd: dir })).stdout).toMatch(/\n13 passed, 0 failed \(6 test files\)\n$/);
    writeFileSync(path.join(dir, 'bad.flowtest.yml'), 'flow: voice-ivr.json\ncases:\n  - name: x\n    trigger: { event: incomingCall, channel: fax }\n');
    expect(await runCliInProcess(['test', 'bad.flowtest.yml'], { cwd: dir })).toMatchObject({ status: 2, stdout: expect.stringContaining('bad test file at /cases/0/trigger/channel: unknown channel preset "fax"') });
    writeFileSync(path.join(dir, 'bad.flowtest.yml'), 'flow: [\n');
    const badYaml = await runCliInProcess(['test', 'bad.flowtest.yml'], { cwd: dir });
    expect(badYaml).toMatchObject({ status: 2, stdout: expect.stringContaining('bad test file at the top level: invalid YAML: ') });
    // The parser's message ends its first line with ':' before a code frame: the line stands alone, no colon left dangling.
    expect(badYaml.stdout).toMatch(/invalid YAML: [^\n]*at line 2, column 1\n/);
  });
});

describe('a migration proven by its tests: lint --fix, then test --against', () => {
  /** The fixtures' flows migrated by `lint --fix` (and --unsafe-fixes) in a folder of their own. */
  async function migrated(...fixArgs: string[]): Promise<string> {
    const dir = tempDir('studio-lint-migrated-');
    for (const f of flowFiles) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    await runCliInProcess(['lint', '--fix', ...fixArgs, '.'], { cwd: dir });
    return dir;
  }

  async function against(dir: string): Promise<JsonReport> {
    const run = await runCliInProcess(['test', 'flowtests', '--against', dir, '--format', 'json']);
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as JsonReport;
  }

  const failures = (report: JsonReport) =>
    Object.fromEntries(report.files.map((f) => [path.basename(f.file), f.cases.flatMap((c) => c.differences.map((d) => `${d.widget}: ${d.message}`))]));

  it('--fix keeps the behaviour of every flow: those it leaves alone (voice, plain SMS, already on Conversations) and the Chat-era ones whose move is unsafe', async () => {
    const dir = await migrated();
    const report = await against(dir);
    const byFile = failures(report);
    expect(byFile['voice-ivr.flowtest.json']).toEqual([]);
    expect(byFile['sms-autoresponder.flowtest.json']).toEqual([]);
    expect(byFile['conversations-migrated.flowtest.json']).toEqual([]);
    // Both Chat-era flows read values whose replacement renders differently (To, From, Chat attributes) or hand the
    // whole trigger to a Function: their move is unsafe, so --fix leaves them as they were, behaviour included.
    expect(byFile['webchat-pre-engagement.flowtest.json']).toEqual([]);
    expect(byFile['chat-sms-to-flex.flowtest.json']).toEqual([]);
    for (const file of ['chat-sms-to-flex.json', 'webchat-pre-engagement.json']) {
      expect(readFileSync(path.join(dir, file), 'utf8')).toBe(readFileSync(path.join(ROOT, 'fixtures', file), 'utf8'));
    }
  });

  it('with --unsafe-fixes, the differences left are the ones the migration guide says cannot carry over', async () => {
    const byFile = failures(await against(await migrated('--unsafe-fixes')));
    expect(byFile['chat-sms-to-flex.flowtest.json']).toEqual([
      // The Twilio number (trigger.message.To) has no replacement under Conversations (the seed guide).
      `send_stop_confirmation: 'send_stop_confirmation' sends "You will not get more messages on ." on the migrated flow; the original sent "You will not get more messages on +15005550001."`,
      // Chat's channel attribute `from` is not set on an SMS or WhatsApp conversation (migration-semantics §3).
      `to_agent: 'to_agent' attributes differ: name "" (was "+15005550006")`,
      `to_agent: 'to_agent' attributes differ: name "" (was "whatsapp:+15005550006")`,
    ]);
    expect(byFile['webchat-pre-engagement.flowtest.json']).toEqual([
      // Webchat's channel type is no longer `web` (no-legacy-channel-type): the split stops matching.
      'route_by_channel: the migrated flow ran route_by_channel → log_message → to_agent; the original ran route_by_channel → greet_web → log_message → to_agent',
      `greet_web: the migrated flow did not send 'greet_web' "Hello Ada, an agent will be with you about \\"Where is my \\"order\\"?\\"."`,
      `to_agent: 'to_agent' attributes differ: channelType "sdk" (was "web")`,
    ]);
  });

  it('finished by hand where the linter could not, the migration passes its tests on every channel the cases use', async () => {
    const dir = await migrated('--unsafe-fixes');
    const edit = (file: string, from: string, to: string) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text).toContain(from);
      writeFileSync(path.join(dir, file), text.replace(from, to));
    };
    // What a team writes instead: the number as text, the customer from the conversation, the new channel type.
    edit('chat-sms-to-flex.json', 'You will not get more messages on {{trigger.message.To}}.', 'You will not get more messages on +15005550001.');
    edit('chat-sms-to-flex.json', '{{trigger.conversation.ChannelAttributes.from}}', '{{trigger.conversation.From}}');
    // Webchat conversations have Source API or SDK (migration-semantics §2): the team's split and attributes say so.
    edit('webchat-pre-engagement.json', '"type": "equal_to",\n              "value": "web"', '"type": "matches_any_of",\n              "value": "web,api,sdk"');
    edit(
      'webchat-pre-engagement.json',
      '{% else %}{{trigger.conversation.Source | downcase}}{% endif %}\\", \\"channelSid',
      "{% elsif trigger.conversation.Source == 'SDK' or trigger.conversation.Source == 'API' %}web{% else %}{{trigger.conversation.Source | downcase}}{% endif %}\\\", \\\"channelSid",
    );
    const run = await runCliInProcess(['test', 'flowtests', '--against', dir]);
    expect(run.stdout).not.toContain('✗');
    expect(run.status).toBe(0);
  });

  it('--against one file needs one test file', async () => {
    const run = await runCliInProcess(['test', 'flowtests', '--against', 'fixtures/voice-ivr.json']);
    expect(run).toMatchObject({ status: 2, stderr: 'studio-lint: --against names one flow, but 5 test files were found: name one test file, or give --against a folder of migrated flows\n' });
    expect((await runCliInProcess(['test', 'flowtests/voice-ivr.flowtest.json', '--against', 'fixtures/voice-ivr.json'])).status).toBe(0);
  });
});

describe('start-up', () => {
  it('the command line bundle holds neither liquidjs nor the simulator: test loads them from their own file', () => {
    const cli = readFileSync(CLI, 'utf8');
    const testCommand = readFileSync(path.join(path.dirname(CLI), 'test-command.cjs'), 'utf8');
    for (const marker of ['registerFilter', 'parseAndRenderSync', 'caseForMigratedFlow']) {
      expect(cli.includes(marker), marker).toBe(false);
      expect(testCommand.includes(marker), marker).toBe(true);
    }
  });
});
