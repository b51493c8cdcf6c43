/**
 * Rule documentation rendered from each rule's `meta`: the one source of `studio-lint explain`,
 * docs/rules/<id>.md and the SARIF help text (as Ruff generates its docs from each rule's doc comment).
 */
import { MIGRATION_SCOPE_DOC } from '../migration/scope.js';
import type { Rule } from './types.js';

function fixability(rule: Rule): string {
  const { fixable, hasSuggestions } = rule.meta;
  if (fixable === 'safe') return 'fixable with `--fix`';
  if (fixable === 'unsafe') return 'fixable with `--fix --unsafe-fixes`';
  if (fixable === 'safe-and-unsafe') return 'fixable: some findings with `--fix`, others with `--fix --unsafe-fixes`';
  return hasSuggestions ? 'suggestions only (never applied automatically)' : 'not fixable automatically';
}

export function ruleMarkdown(rule: Rule): string {
  const { meta } = rule;
  const { docs } = meta;
  let out = `# ${meta.id}\n\n${meta.description}\n\n`;
  out += `- Default severity: **${meta.defaultSeverity}**\n- Type: ${meta.type}\n- Fix: ${fixability(rule)}\n\n`;
  const block = (code: string) => `\`\`\`${/^[[{"]/.test(code) ? 'json' : 'text'}\n${code}\n\`\`\`\n\n`;
  out += `## What it does\n\n${docs.what}\n\n## Why is this bad?\n\n${docs.why}\n\n## Example\n\n${block(docs.example.before)}`;
  if (docs.example.after) out += `Instead:\n\n${block(docs.example.after)}`;
  if (docs.fixSafety) out += `## Fix safety\n\n${docs.fixSafety}\n\n`;
  if (meta.category === 'migration') out += `## Scope\n\n${MIGRATION_SCOPE_DOC}\n\n`;
  out += `## Configuration\n\n\`\`\`json\n{ "rules": { "${meta.id}": "${meta.defaultSeverity === 'error' ? 'warn' : 'error'}" } }\n\`\`\`\n`;
  return out;
}

/** Plain text for a terminal (`studio-lint explain`) and SARIF's help.text. */
export function ruleText(rule: Rule): string {
  const { meta } = rule;
  const { docs } = meta;
  let out = `${meta.id} (${meta.defaultSeverity}, ${fixability(rule).replace(/`/g, '')})\n\n${meta.description}\n\n`;
  out += `What it does\n  ${docs.what.replace(/`/g, '')}\n\nWhy is this bad?\n  ${docs.why.replace(/`/g, '')}\n\nExample\n  ${docs.example.before}\n`;
  if (docs.example.after) out += `Instead\n  ${docs.example.after}\n`;
  if (docs.fixSafety) out += `\nFix safety\n  ${docs.fixSafety.replace(/`/g, '')}\n`;
  if (meta.category === 'migration') out += `\nScope\n  ${MIGRATION_SCOPE_DOC}\n`;
  return out;
}
