import { displayPath } from './paths.js';
import type { Formatter } from './types.js';

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');

/** JUnit XML for test dashboards: a testcase per flow file, a failure per error. */
export const junit: Formatter = {
  start: (totals) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="studio-lint" tests="${totals.files}" failures="${totals.errors}">\n<testsuite name="studio-lint" tests="${totals.files}" failures="${totals.errors}" errors="0" skipped="0">\n`,
  file(result, context) {
    const name = xml(displayPath(context.cwd, result.filePath));
    const failures = result.messages
      .filter((m) => m.severity === 2)
      .map((m) => `  <failure message="${xml(m.message)}" type="${xml(m.ruleId ?? 'fatal')}">${xml(`${name}:${m.line}:${m.column}: ${m.message}`)}</failure>\n`)
      .join('');
    const warnings = result.messages.filter((m) => m.severity === 1).map((m) => `${m.line}:${m.column}: warning ${m.ruleId}: ${m.message}`);
    const out = warnings.length ? `  <system-out>${xml(warnings.join('\n'))}</system-out>\n` : '';
    return `<testcase classname="studio-lint" name="${name}">\n${failures}${out}</testcase>\n`;
  },
  end: () => '</testsuite>\n</testsuites>\n',
};
