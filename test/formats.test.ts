/**
 * The report formats as CI systems and editors read them, through the built binary.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliInProcess, tempDir } from './helpers.js';

const SMS = 'fixtures/chat-sms-to-flex.json';

describe('report formats', () => {
  it('compact: file:line:col: severity rule message', async () => {
    const run = (await runCliInProcess(['-f', 'compact', SMS]));
    expect(run.stdout).toContain("fixtures/chat-sms-to-flex.json:47:20: error no-message-trigger-variable 'trigger.message.Body' is not set under Flex Conversations: use 'trigger.conversation.Body'\n");
    expect(run.stdout).toContain('fixtures/chat-sms-to-flex.json:80:23: warning no-message-trigger-variable');
    expect(run.stdout).toMatch(/\n12 problems\n$/);
  });

  it('github: escaped workflow annotations, and a step summary that says what the annotation cap hides', async () => {
    const summary = path.join(tempDir(), 'summary.md');
    writeFileSync(summary, '');
    const run = (await runCliInProcess(['-f', 'github', 'fixtures'], { env: { GITHUB_STEP_SUMMARY: summary } }));
    expect(run.stdout).toContain('::error file=fixtures/chat-sms-to-flex.json,line=47,endLine=47,col=20,endColumn=40,title=no-message-trigger-variable::');
    expect(run.stdout).toContain('::warning file=fixtures/chat-sms-to-flex.json,line=80,endLine=80,col=23,endColumn=49,title=no-message-trigger-variable::');
    // ':' and ',' are escaped in properties, '%' and line breaks in the message.
    const dir = tempDir();
    const odd = path.join(dir, 'a,b:c.json');
    writeFileSync(odd, readFileSync(path.join(ROOT, SMS), 'utf8'));
    expect((await runCliInProcess(['-f', 'github', 'a,b:c.json'], { cwd: dir })).stdout).toContain('::error file=a%2Cb%3Ac.json,');
    // GitHub places an annotation by its path from the repository root, not from a step's working-directory
    // (as SARIF and GitLab paths here): run from a subfolder, the path still starts at the root.
    const repo = tempDir();
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'studio', 'flows'), { recursive: true });
    copyFileSync(path.join(ROOT, SMS), path.join(repo, 'studio', 'flows', 'sms.json'));
    const nested = (await runCliInProcess(['-f', 'github', 'flows'], { cwd: path.join(repo, 'studio') }));
    expect(nested.stdout).toContain('::error file=studio/flows/sms.json,line=47,');
    expect(nested.stdout).not.toMatch(/file=flows\//);
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('17 errors and 7 warnings in 5 flow files.');
    expect(text).toContain('| `no-message-trigger-variable` | 14 | 6 |');
    expect(text).toContain('7 errors and 0 warnings appear only in the log above');
  });

  it('junit: a testcase per file and a failure per error', async () => {
    const run = (await runCliInProcess(['-f', 'junit', 'fixtures']));
    expect(run.stdout).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<testsuites name="studio-lint" tests="5" failures="17">/);
    expect(run.stdout.match(/<testcase /g)).toHaveLength(5);
    expect(run.stdout.match(/<failure /g)).toHaveLength(17);
    expect(run.stdout).toContain('<testcase classname="studio-lint" name="fixtures/voice-ivr.json">\n</testcase>');
    expect(run.stdout).toContain('type="no-incoming-message-trigger"');
    expect(run.stdout).toContain('&apos;trigger.message.To&apos;');
  });

  it('sarif: valid SARIF 2.1.0 by Microsoft’s validator, with rule help and fingerprints by meaning', async () => {
    const out = path.join(tempDir(), 'report.sarif');
    (await runCliInProcess(['-f', 'sarif', '-o', out, 'fixtures']));
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: { tool: { driver: { rules: { id: string; help: { markdown: string } }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: Record<string, string> }[] }[];
    };
    const [runLog] = log.runs;
    expect(runLog!.tool.driver.rules.map((r) => r.id)).toContain('no-incoming-message-trigger');
    expect(runLog!.tool.driver.rules.find((r) => r.id === 'no-incoming-message-trigger')!.help.markdown).toContain('## Fix safety');
    // The rule's documentation, its options with it (as ESLint's and Ruff's rule pages list them); none for a rule without.
    const help = (id: string) => runLog!.tool.driver.rules.find((r) => r.id === id)!.help as { text: string; markdown: string };
    expect(help('no-unavailable-trigger-variable').markdown).toContain('| `variableMap` | object of string |');
    expect(help('no-unavailable-trigger-variable').text).toContain('\nOptions (in the config: "no-unavailable-trigger-variable": ["error", { "variableMap": … }])\n');
    expect(help('no-incoming-message-trigger').markdown + help('no-incoming-message-trigger').text).not.toMatch(/options/i);
    expect(runLog!.results).toHaveLength(24);
    expect(runLog!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('fixtures/chat-sms-to-flex.json');
    expect(Object.values(runLog!.results[0]!.partialFingerprints)[0]).toMatch(/^[0-9a-f]{20}$/);
    const validator = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool'), ['validate', out], { encoding: 'utf8' });
    expect(validator.stdout + validator.stderr).not.toMatch(/\berror\b/i);
    expect(validator.status).toBe(0);
  });

  it('fingerprints survive a re-export that reorders states and moves every offset', async () => {
    const dir = tempDir();
    const flow = JSON.parse(readFileSync(path.join(ROOT, SMS), 'utf8')) as { states: unknown[] };
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(flow, null, 2));
    flow.states.reverse();
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(flow, null, 4));
    const prints = async (file: string) => {
      const out = path.join(dir, `${file}.sarif`);
      await runCliInProcess(['-f', 'sarif', '-o', out, file], { cwd: dir });
      const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
      return log.runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0]).sort();
    };
    expect(await prints('b.json')).toEqual(await prints('a.json'));
  });

  it('sarif for code scanning: primaryLocationLineHash, automationDetails.id from --sarif-category, URIs from the repository root', async () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'studio', 'flows'), { recursive: true });
    copyFileSync(path.join(ROOT, SMS), path.join(repo, 'studio', 'flows', 'sms.json'));
    const out = path.join(repo, 'r.sarif');
    (await runCliInProcess(['-f', 'sarif', '-o', out, '--sarif-category', 'studio-flows', 'flows'], { cwd: path.join(repo, 'studio') }));
    const [run] = (JSON.parse(readFileSync(out, 'utf8')) as {
      runs: { automationDetails?: { id: string }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: Record<string, string> }[] }[];
    }).runs;
    expect(run!.automationDetails).toEqual({ id: 'studio-flows/' });
    expect(run!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('studio/flows/sms.json');
    for (const r of run!.results) {
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{20}$/);
      expect(r.partialFingerprints.primaryLocationLineHash).toBe(r.partialFingerprints['studioLintMeaning/v1']);
    }
    // Without a category there is no automationDetails; outside a repository URIs are from the working folder.
    const plain = path.join(tempDir(), 'p.sarif');
    (await runCliInProcess(['-f', 'sarif', '-o', plain, SMS]));
    expect((JSON.parse(readFileSync(plain, 'utf8')) as { runs: { automationDetails?: unknown }[] }).runs[0]!.automationDetails).toBeUndefined();
    const validator = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool'), ['validate', out], { encoding: 'utf8' });
    expect(validator.status).toBe(0);
  });

  it('gitlab: Code Quality JSON valid against the schema of GitLab’s documented fields, one fingerprint per issue', async () => {
    // https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format: an array of objects with
    // description, check_name, fingerprint (unique), severity (info, minor, major, critical, blocker),
    // location.path (relative to the repository root) and location.lines.begin (or positions.begin.line).
    const schema = {
      type: 'array',
      items: {
        type: 'object',
        required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
        properties: {
          description: { type: 'string', minLength: 1 },
          check_name: { type: 'string', minLength: 1 },
          fingerprint: { type: 'string', minLength: 1 },
          severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
          location: {
            type: 'object',
            required: ['path'],
            properties: {
              path: { type: 'string', pattern: '^(?!/)(?!\\./)' },
              lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
              positions: { type: 'object', required: ['begin'], properties: { begin: { type: 'object', required: ['line'], properties: { line: { type: 'integer', minimum: 1 } } } } },
            },
            anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
          },
        },
      },
    };
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const dir = tempDir();
    mkdirSync(path.join(dir, '.git'));
    copyFileSync(path.join(ROOT, SMS), path.join(dir, 'sms.json'));
    writeFileSync(path.join(dir, 'broken.json'), '{"states": [');
    const run = (await runCliInProcess(['-f', 'gitlab', '.'], { cwd: dir }));
    expect(run.status).toBe(1);
    const issues = JSON.parse(run.stdout) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues).toHaveLength(13);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.find((i) => i.location.path === 'broken.json')!.severity).toBe('critical');
    const first = issues.find((i) => i.location.path === 'sms.json')!;
    expect(first).toMatchObject({ check_name: 'no-incoming-message-trigger', severity: 'major', location: { path: 'sms.json', lines: { begin: 8 } } });
    expect(first.description).toMatch(/^Trigger: the Trigger routes Incoming Message/);
    // Stable: the same findings give the same fingerprints on the next run.
    expect(JSON.parse((await runCliInProcess(['-f', 'gitlab', '.'], { cwd: dir })).stdout)).toEqual(issues);
    // A clean run is an empty array, which GitLab reads as no issues.
    expect(JSON.parse((await runCliInProcess(['-f', 'gitlab', 'fixtures/voice-ivr.json'])).stdout)).toEqual([]);
  });

  it('several formats at once, each to its own file; only one may go to standard output', async () => {
    const dir = tempDir();
    const run = (await runCliInProcess(['-f', 'json', '-o', path.join(dir, 'r.json'), '-f', 'sarif', '-o', path.join(dir, 'r.sarif'), '-f', 'compact', SMS]));
    expect(run.stdout).toMatch(/^fixtures\/chat-sms-to-flex\.json:8:9: error/);
    expect((JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as unknown[]).length).toBe(1);
    expect(readFileSync(path.join(dir, 'r.sarif'), 'utf8')).toContain('"version":"2.1.0"');
    const two = (await runCliInProcess(['-f', 'json', '-f', 'compact', SMS]));
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/only one format can go to standard output/);
    expect((await runCliInProcess(['-f', 'xml', SMS])).status).toBe(2);
  });
});

describe('rule documentation', () => {
  it('explain prints what, why, example and fix safety; an unknown rule is a usage error', async () => {
    const run = (await runCliInProcess(['explain', 'no-message-trigger-variable']));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^no-message-trigger-variable \(error, fixable: some findings with --fix/);
    for (const part of ['What it does', 'Why is this bad?', 'Example', 'Instead', 'Fix safety']) expect(run.stdout).toContain(part);
    expect((await runCliInProcess(['explain', 'nope'])).status).toBe(2);
  });

  it('explain and the docs list a rule’s options from meta.schema: name, type, default, what it does', async () => {
    const { rulesById } = await import('../src/index.js');
    const description = rulesById.get('no-unavailable-trigger-variable')!.meta.schema!.properties.variableMap!.description!;
    const run = (await runCliInProcess(['explain', 'no-unavailable-trigger-variable']));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\nOptions \(in the config: "no-unavailable-trigger-variable": \["error", \{ "variableMap": … \}\]\)\n {2}variableMap \(object of string; default: the config's top-level variableMap\)\n {4}(.*)\n$/);
    expect(run.stdout.endsWith(`    ${description}\n`)).toBe(true);
    const page = readFileSync(path.join(ROOT, 'docs', 'rules', 'no-unavailable-trigger-variable.md'), 'utf8');
    expect(page).toContain(`## Options\n\nAfter the severity in the config's \`rules\` (and in ESLint's, as \`studio-lint/no-unavailable-trigger-variable\`)`);
    expect(page).toContain(`| option | type | default | what it does |\n| --- | --- | --- | --- |\n| \`variableMap\` | object of string | the config's top-level \`variableMap\` | ${description} |\n`);
    // The README's Rules section names each rule's options beside the rule.
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rulesAt = readme.indexOf('\n## Rules\n');
    expect(rulesAt).toBeGreaterThan(-1);
    const section = readme.slice(rulesAt, readme.indexOf('\n## ', rulesAt + 1));
    const { rules } = await import('../src/index.js');
    for (const rule of rules.filter((r) => r.meta.schema)) {
      const at = section.indexOf(`\`${rule.meta.id}\` takes `);
      expect(at, rule.meta.id).toBeGreaterThan(-1);
      const said = section.slice(at);
      for (const option of Object.keys(rule.meta.schema!.properties)) expect(said.slice(0, 400), `${rule.meta.id} ${option}`).toContain(`\`${option}\``);
    }
    // A rule without options says nothing about them.
    expect((await runCliInProcess(['explain', 'valid-liquid'])).stdout).not.toMatch(/option/i);
    expect(readFileSync(path.join(ROOT, 'docs', 'rules', 'valid-liquid.md'), 'utf8')).not.toMatch(/option/i);
  });

  it('docs/rules/<id>.md are generated from the rules and up to date (npm run docs)', async () => {
    const { rules, ruleMarkdown } = await import('../src/index.js');
    for (const rule of rules) {
      expect(readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.meta.id}.md`), 'utf8'), rule.meta.id).toBe(ruleMarkdown(rule));
    }
  });
});

describe('the summaries count what --fix may fix, not what it will', () => {
  it("say 'potentially fixable', as ESLint does: --fix's behaviour check may hold a fix back", async () => {
    const { githubSummary } = await import('../src/formatters/github.js');
    const { stylish } = await import('../src/formatters/stylish.js');
    const totals = { files: 1, errors: 3, warnings: 0, fixable: 2, unsafeFixable: 1, byRule: { 'no-message-trigger-variable': { errors: 3, warnings: 0 } } };
    expect(githubSummary(totals)).toContain('3 errors and 0 warnings in 1 flow file. 2 potentially fixable with `studio-lint --fix`.');
    const end = stylish.end(totals, { cwd: '/', color: false, rules: new Map(), unsafeFixes: false, version: 't' });
    expect(end).toContain('2 potentially fixable with the `--fix` option ([*]).');
    expect(end).toContain('1 more potentially fixable with `--fix --unsafe-fixes` ([-]).');
  });
});

describe('the JSON report of a file with very many findings', () => {
  it('is encoded in pieces, byte for byte what JSON.stringify gives', async () => {
    const { json } = await import('../src/formatters/json.js');
    const { emptyResult } = await import('../src/linter/results.js');
    const context = { cwd: '/', color: false, rules: new Map(), unsafeFixes: false, version: 't' } as unknown as Parameters<typeof json.file>[1];
    const messagesOf = (count: number, text: (i: number) => string) =>
      Array.from({ length: count }, (_, i) => ({
        ruleId: 'no-message-trigger-variable', severity: 2 as const, message: text(i),
        line: i + 1, column: 3, endLine: i + 1, endColumn: 9, pointer: `/states/${i}/properties/body`,
      }));
    const resultOf = (messages: ReturnType<typeof messagesOf>) => ({ ...emptyResult('/flows/"big".json', 1), messages, errorCount: messages.length });
    const cases = [
      // A last piece cut short; a line separator and a quote to escape.
      messagesOf(25_001, (i) => `'trigger.message.From' "${i}" \u2028 is not set`),
      // Whole pieces only.
      messagesOf(10_200, (i) => `'trigger.message.Body' ${i}`),
      // Messages ten times longer (and not Latin-1) after the first pieces: the buffer sized from the first grows.
      messagesOf(12_000, (i) => (i < 1_000 ? `short ${i}` : `Studio’s pre-fill ${'x'.repeat(200)} ${i}`)),
      // A first piece of very long messages, then short ones: the buffer is not sized for the rest from that piece.
      messagesOf(30_000, (i) => (i < 200 ? 'y'.repeat(20_000) : `${i}`)),
    ];
    for (const messages of cases) {
      const result = resultOf(messages);
      const encoded = json.file(result, context) as Uint8Array;
      expect(encoded).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(encoded).toString(), `${messages.length} messages`).toBe(JSON.stringify(result));
      // The bytes it holds are the report's, give or take a tenth (a worker thread posts the whole buffer).
      expect(encoded.buffer.byteLength, `${messages.length} messages`).toBeLessThanOrEqual(Math.ceil(encoded.length / 0.9));
    }
    const result = resultOf(cases[0]!);
    const messages = cases[0]!;
    // A result of ordinary size stays a string.
    expect(json.file({ ...result, messages: messages.slice(0, 3) }, context)).toBe(JSON.stringify({ ...result, messages: messages.slice(0, 3) }));
  });
});
