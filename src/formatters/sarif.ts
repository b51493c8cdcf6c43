/**
 * SARIF 2.1.0 for GitHub code scanning (design.md): rule metadata from each rule's documentation, results
 * with repository-relative URIs and fingerprints by meaning so alerts survive a re-export of the flow.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleMarkdown, ruleText } from '../rules/docs.js';
import { displayPath } from './paths.js';
import type { FormatContext, Formatter } from './types.js';

const FATAL = 'fatal';

function driver(context: FormatContext) {
  const rules = [...context.rules.values()].map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.id.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: rule.meta.docs.what },
    help: { text: ruleText(rule), markdown: ruleMarkdown(rule) },
    helpUri: `https://github.com/studio-lint/studio-lint/blob/main/docs/rules/${rule.meta.id}.md`,
    defaultConfiguration: { level: rule.meta.defaultSeverity === 'error' ? 'error' : 'warning' },
    properties: { tags: [rule.meta.type], precision: 'high' },
  }));
  rules.push({
    id: FATAL,
    name: 'Fatal',
    shortDescription: { text: 'A file that could not be linted: invalid JSON, an old export format, not a flow.' },
    fullDescription: { text: 'The file could not be read as a Studio flow definition, so no rule ran on it.' },
    help: { text: 'Fix the file so that it is a flow definition Studio exports.', markdown: 'Fix the file so that it is a flow definition Studio exports.' },
    helpUri: 'https://github.com/studio-lint/studio-lint#exit-codes',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['problem'], precision: 'high' },
  });
  return { name: 'studio-lint', version: context.version, semanticVersion: context.version, informationUri: 'https://github.com/studio-lint/studio-lint', rules };
}

/**
 * A path as a SARIF `uri`: a URI reference (SARIF 2.1.0 §3.10, RFC 3986), so a space, `[`, `%` or a
 * non-ASCII letter is percent-encoded (Microsoft's validator rejects them raw); a path outside the working
 * folder is a file:// URI.
 */
export function sarifUri(displayed: string): string {
  if (path.isAbsolute(displayed)) return pathToFileURL(displayed).href;
  return displayed.split('/').map(encodeURIComponent).join('/');
}

export const sarif: Formatter = {
  start(_totals, context) {
    const head = JSON.stringify({
      version: '2.1.0',
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      runs: [
        {
          tool: { driver: driver(context) },
          // GitHub code scanning keeps one set of alerts per category: several runs per commit need their own.
          ...(context.sarifCategory ? { automationDetails: { id: context.sarifCategory.endsWith('/') ? context.sarifCategory : `${context.sarifCategory}/` } } : {}),
          columnKind: 'utf16CodeUnits',
          results: [],
        },
      ],
    });
    // Open the results array: the files' results follow, then `end` closes it.
    return head.slice(0, head.lastIndexOf('[]')) + '[';
  },
  file(result, context) {
    const ids = [...context.rules.keys()];
    // Relative to the repository root, as code scanning resolves it, also when run from a subfolder.
    const uri = sarifUri(displayPath(context.repoRoot ?? context.cwd, result.filePath));
    return result.messages
      .map((m) => {
        const ruleId = m.ruleId ?? FATAL;
        const index = m.ruleId ? ids.indexOf(m.ruleId) : ids.length;
        return JSON.stringify({
          ruleId,
          ruleIndex: index,
          level: m.severity === 2 ? 'error' : 'warning',
          message: { text: m.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri },
                region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
              },
            },
          ],
          // GitHub matches alerts across commits on primaryLocationLineHash: the meaning-based fingerprint
          // keeps an alert when a re-export moves the finding to another line.
          ...(m.fingerprint ? { partialFingerprints: { 'studioLintMeaning/v1': m.fingerprint, primaryLocationLineHash: m.fingerprint } } : {}),
        });
      })
      .join(',');
  },
  separator: ',',
  end: () => ']}]}\n',
  needsFingerprints: true,
};
