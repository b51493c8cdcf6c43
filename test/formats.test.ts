/**
 * The report formats as CI systems and editors read them, through the built binary.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const SMS = 'fixtures/chat-sms-to-flex.json';

describe('report formats', () => {
  it('compact: file:line:col: severity rule message', () => {
    const run = runCli(['-f', 'compact', SMS]);
    expect(run.stdout).toContain("fixtures/chat-sms-to-flex.json:47:20: error no-message-trigger-variable 'trigger.message.Body' is not set under Flex Conversations: use 'trigger.conversation.Body'\n");
    expect(run.stdout).toContain('fixtures/chat-sms-to-flex.json:80:23: warning no-message-trigger-variable');
    expect(run.stdout).toMatch(/\n12 problems\n$/);
  });

  it('github: escaped workflow annotations, and a step summary that says what the annotation cap hides', () => {
    const summary = path.join(tempDir(), 'summary.md');
    writeFileSync(summary, '');
    const run = runCli(['-f', 'github', 'fixtures'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.stdout).toContain('::error file=fixtures/chat-sms-to-flex.json,line=47,endLine=47,col=20,endColumn=40,title=no-message-trigger-variable::');
    expect(run.stdout).toContain('::warning file=fixtures/chat-sms-to-flex.json,line=80,endLine=80,col=23,endColumn=49,title=no-message-trigger-variable::');
    // ':' and ',' are escaped in properties, '%' and line breaks in the message.
    const dir = tempDir();
    const odd = path.join(dir, 'a,b:c.json');
    writeFileSync(odd, readFileSync(path.join(ROOT, SMS), 'utf8'));
    expect(runCli(['-f', 'github', 'a,b:c.json'], { cwd: dir }).stdout).toContain('::error file=a%2Cb%3Ac.json,');
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('17 errors and 7 warnings in 5 flow files.');
    expect(text).toContain('| `no-message-trigger-variable` | 14 | 6 |');
    expect(text).toContain('7 errors and 0 warnings appear only in the log above');
  });

  it('junit: a testcase per file and a failure per error', () => {
    const run = runCli(['-f', 'junit', 'fixtures']);
    expect(run.stdout).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<testsuites name="studio-lint" tests="5" failures="17">/);
    expect(run.stdout.match(/<testcase /g)).toHaveLength(5);
    expect(run.stdout.match(/<failure /g)).toHaveLength(17);
    expect(run.stdout).toContain('<testcase classname="studio-lint" name="fixtures/voice-ivr.json">\n</testcase>');
    expect(run.stdout).toContain('type="no-incoming-message-trigger"');
    expect(run.stdout).toContain('&apos;trigger.message.To&apos;');
  });

  it('sarif: valid SARIF 2.1.0 by Microsoft’s validator, with rule help and fingerprints by meaning', () => {
    const out = path.join(tempDir(), 'report.sarif');
    runCli(['-f', 'sarif', '-o', out, 'fixtures']);
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: { tool: { driver: { rules: { id: string; help: { markdown: string } }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: Record<string, string> }[] }[];
    };
    const [runLog] = log.runs;
    expect(runLog!.tool.driver.rules.map((r) => r.id)).toContain('no-incoming-message-trigger');
    expect(runLog!.tool.driver.rules.find((r) => r.id === 'no-incoming-message-trigger')!.help.markdown).toContain('## Fix safety');
    expect(runLog!.results).toHaveLength(24);
    expect(runLog!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('fixtures/chat-sms-to-flex.json');
    expect(Object.values(runLog!.results[0]!.partialFingerprints)[0]).toMatch(/^[0-9a-f]{20}$/);
    const validator = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool'), ['validate', out], { encoding: 'utf8' });
    expect(validator.stdout + validator.stderr).not.toMatch(/\berror\b/i);
    expect(validator.status).toBe(0);
  });

  it('fingerprints survive a re-export that reorders states and moves every offset', () => {
    const dir = tempDir();
    const flow = JSON.parse(readFileSync(path.join(ROOT, SMS), 'utf8')) as { states: unknown[] };
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(flow, null, 2));
    flow.states.reverse();
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(flow, null, 4));
    const prints = (file: string) => {
      const out = path.join(dir, `${file}.sarif`);
      runCli(['-f', 'sarif', '-o', out, file], { cwd: dir });
      const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
      return log.runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0]).sort();
    };
    expect(prints('b.json')).toEqual(prints('a.json'));
  });

  it('several formats at once, each to its own file; only one may go to standard output', () => {
    const dir = tempDir();
    const run = runCli(['-f', 'json', '-o', path.join(dir, 'r.json'), '-f', 'sarif', '-o', path.join(dir, 'r.sarif'), '-f', 'compact', SMS]);
    expect(run.stdout).toMatch(/^fixtures\/chat-sms-to-flex\.json:8:9: error/);
    expect((JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as unknown[]).length).toBe(1);
    expect(readFileSync(path.join(dir, 'r.sarif'), 'utf8')).toContain('"version":"2.1.0"');
    const two = runCli(['-f', 'json', '-f', 'compact', SMS]);
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/only one format can go to standard output/);
    expect(runCli(['-f', 'xml', SMS]).status).toBe(2);
  });
});

describe('rule documentation', () => {
  it('explain prints what, why, example and fix safety; an unknown rule is a usage error', () => {
    const run = runCli(['explain', 'no-message-trigger-variable']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^no-message-trigger-variable \(error, fixable: some findings with --fix/);
    for (const part of ['What it does', 'Why is this bad?', 'Example', 'Instead', 'Fix safety']) expect(run.stdout).toContain(part);
    expect(runCli(['explain', 'nope']).status).toBe(2);
  });

  it('docs/rules/<id>.md are generated from the rules and up to date (npm run docs)', async () => {
    const { rules, ruleMarkdown } = await import('../src/index.js');
    for (const rule of rules) {
      expect(readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.meta.id}.md`), 'utf8'), rule.meta.id).toBe(ruleMarkdown(rule));
    }
  });
});
