/**
 * Flow test reports: `text` as a test runner prints them, `json`, and `junit` (a testsuite per test file, a
 * testcase per case).
 */
import type { SuiteError, SuiteResult } from './suite.js';

export const TEST_FORMATS = ['text', 'json', 'junit'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export interface TestReport {
  suites: SuiteResult[];
  errors: SuiteError[];
  coverage: boolean;
}

export interface Totals {
  passed: number;
  failed: number;
  files: number;
  badFiles: number;
}

export function totals(report: TestReport): Totals {
  const cases = report.suites.flatMap((s) => s.cases);
  const passed = cases.filter((c) => c.passed).length;
  return { passed, failed: cases.length - passed, files: report.suites.length, badFiles: report.errors.length };
}

export function formatReport(format: TestFormat, report: TestReport, show: (file: string) => string): string {
  if (format === 'json') return json(report, show);
  if (format === 'junit') return junit(report, show);
  return text(report, show);
}

const where = (pointer: string) => (pointer === '' ? 'at the top level' : `at ${pointer}`);

function text(report: TestReport, show: (file: string) => string): string {
  let out = '';
  for (const e of report.errors) out += `${show(e.file)}\n  bad test file ${where(e.pointer)}: ${e.message}\n\n`;
  for (const suite of report.suites) {
    out += `${show(suite.file)} (${show(suite.flow)}${suite.against ? ` against ${show(suite.against)}` : ''})\n`;
    for (const c of suite.cases) {
      out += `  ${c.passed ? '✓' : '✗'} ${c.name}\n`;
      for (const d of c.differences) out += `      ${d.expectation}${d.widget ? ` (${d.widget})` : ''}: ${d.message}\n`;
    }
    if (report.coverage) {
      const { widgets, transitions } = suite.coverage;
      out += `  coverage: widgets ${widgets.run}/${widgets.total}, transitions ${transitions.taken}/${transitions.total}\n`;
      if (widgets.notRun.length) out += `    widgets not run: ${widgets.notRun.join(', ')}\n`;
      for (const t of transitions.notTaken) out += `    transition not taken: ${t}\n`;
    }
    out += '\n';
  }
  const t = totals(report);
  out += `${t.passed} passed, ${t.failed} failed (${t.files} test file${t.files === 1 ? '' : 's'}${t.badFiles ? `, ${t.badFiles} bad` : ''})\n`;
  return out;
}

function json(report: TestReport, show: (file: string) => string): string {
  return (
    JSON.stringify(
      {
        summary: totals(report),
        errors: report.errors.map((e) => ({ file: show(e.file), pointer: e.pointer, message: e.message })),
        files: report.suites.map((s) => ({
          file: show(s.file),
          flow: show(s.flow),
          ...(s.against && { against: show(s.against) }),
          cases: s.cases.map((c) => ({
            name: c.name,
            status: c.passed ? 'passed' : 'failed',
            differences: c.differences,
            execution: { path: c.execution.path, sent: c.execution.sent, said: c.execution.said, flex: c.execution.flex, variables: c.execution.variables, ...(c.execution.error && { error: c.execution.error }) },
            ...(c.against && { against: { path: c.against.path, sent: c.against.sent, said: c.against.said, flex: c.against.flex } }),
          })),
          ...(report.coverage && { coverage: s.coverage }),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');

function junit(report: TestReport, show: (file: string) => string): string {
  const t = totals(report);
  let out = `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="studio-lint test" tests="${t.passed + t.failed + t.badFiles}" failures="${t.failed}" errors="${t.badFiles}">\n`;
  for (const e of report.errors) {
    out += `<testsuite name="${xml(show(e.file))}" tests="1" failures="0" errors="1">\n  <testcase classname="${xml(show(e.file))}" name="${xml(show(e.file))}">\n    <error message="${xml(`${where(e.pointer)}: ${e.message}`)}"/>\n  </testcase>\n</testsuite>\n`;
  }
  for (const s of report.suites) {
    const failed = s.cases.filter((c) => !c.passed).length;
    out += `<testsuite name="${xml(show(s.file))}" tests="${s.cases.length}" failures="${failed}" errors="0">\n`;
    for (const c of s.cases) {
      out += `  <testcase classname="${xml(show(s.flow))}" name="${xml(c.name)}"`;
      if (c.passed) out += '/>\n';
      else out += `>\n    <failure message="${xml(c.differences[0]?.message ?? '')}">${xml(c.differences.map((d) => `${d.expectation}${d.widget ? ` (${d.widget})` : ''}: ${d.message}`).join('\n'))}</failure>\n  </testcase>\n`;
    }
    out += '</testsuite>\n';
  }
  return out + '</testsuites>\n';
}
