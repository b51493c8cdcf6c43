/**
 * GitLab Code Quality (artifacts:reports:codequality): a JSON array of issues with `description`,
 * `check_name`, `fingerprint`, `severity` and `location.path` / `location.lines.begin`, the subset of the
 * Code Climate spec GitLab reads (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
 * Paths are relative to the repository root, as GitLab resolves them.
 */
import { createHash } from 'node:crypto';
import { displayPath } from './paths.js';
import type { Formatter } from './types.js';

export const gitlab: Formatter = {
  start: () => '[',
  file(result, context) {
    const file = displayPath(context.repoRoot ?? context.cwd, result.filePath);
    // GitLab keeps one issue per fingerprint: two findings with the same meaning in a file (the same variable
    // twice in one template) get their occurrence number mixed in.
    const seen = new Map<string, number>();
    return result.messages
      .map((m) => {
        const key = m.fingerprint ?? `${m.ruleId ?? 'fatal'}\u001f${m.line}:${m.column}\u001f${m.message}`;
        const occurrence = (seen.get(key) ?? 0) + 1;
        seen.set(key, occurrence);
        const fingerprint = createHash('md5').update(`${file}\u001f${key}\u001f${occurrence}`).digest('hex');
        return JSON.stringify({
          description: m.widget ? `${m.widget}: ${m.message}` : m.message,
          check_name: m.ruleId ?? 'fatal',
          fingerprint,
          severity: m.fatal ? 'critical' : m.severity === 2 ? 'major' : 'minor',
          location: { path: file, lines: { begin: m.line, end: m.endLine } },
        });
      })
      .join(',');
  },
  // Files without findings add nothing: no separator then (see lint.ts).
  separator: ',',
  end: () => ']\n',
  needsFingerprints: true,
};
