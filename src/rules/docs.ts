/**
 * Rule documentation rendered from each rule's `meta`: the one source of `studio-lint explain`,
 * docs/rules/<id>.md and the SARIF help text (as Ruff generates its docs from each rule's doc comment).
 */
import { MIGRATION_SCOPE_DOC } from '../migration/scope.js';
import type { OptionSchema, Rule } from './types.js';

function fixability(rule: Rule): string {
  const { fixable, hasSuggestions } = rule.meta;
  if (fixable === 'safe') return 'fixable with `--fix`';
  if (fixable === 'unsafe') return 'fixable with `--fix --unsafe-fixes`';
  if (fixable === 'safe-and-unsafe') return 'fixable: some findings with `--fix`, others with `--fix --unsafe-fixes`';
  return hasSuggestions ? 'suggestions only (never applied automatically)' : 'not fixable automatically';
}

/**
 * Options the config also takes at its top level, which every rule sees (src/runner/process-file.ts passes
 * them as the rules' shared options); a rule's own value wins.
 */
const TOP_LEVEL_OPTIONS = new Set(['variableMap']);

/** An option's type in words: `string`, `"a" | "b"`, `array of string`, `object of string` (its values). */
function optionType(schema: OptionSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array' && schema.items) return `array of ${optionType(schema.items)}`;
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') return `object of ${optionType(schema.additionalProperties)}`;
  return schema.type;
}

/** A rule's options from meta.schema: name, type, default, what it does (none: the rule takes no options). */
function ruleOptions(rule: Rule): { name: string; type: string; default: string; description: string }[] {
  return Object.entries(rule.meta.schema?.properties ?? {}).map(([name, schema]) => ({
    name,
    type: optionType(schema),
    default: TOP_LEVEL_OPTIONS.has(name) ? `the config's top-level \`${name}\`` : schema.default !== undefined ? `\`${JSON.stringify(schema.default)}\`` : 'not set',
    description: schema.description ?? '',
  }));
}

/** How options are written in the config: the severity, then the options object. */
function optionsUsage(rule: Rule): string {
  const names = ruleOptions(rule).map((o) => `"${o.name}": …`);
  return `["error", { ${names.join(', ')} }]`;
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
  const options = ruleOptions(rule);
  if (options.length) {
    out += `## Options\n\nAfter the severity in the config's \`rules\` (and in ESLint's, as \`studio-lint/${meta.id}\`): \`"${meta.id}": ${optionsUsage(rule)}\`. An option the rule does not list, or a value of the wrong type, is refused.\n\n`;
    out += `| option | type | default | what it does |\n| --- | --- | --- | --- |\n`;
    for (const o of options) out += `| \`${o.name}\` | ${o.type} | ${o.default} | ${o.description.replace(/\|/g, '\\|')} |\n`;
    out += '\n';
  }
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
  const options = ruleOptions(rule);
  if (options.length) {
    out += `\nOptions (in the config: "${meta.id}": ${optionsUsage(rule)})\n`;
    for (const o of options) out += `  ${o.name} (${o.type}; default: ${o.default.replace(/`/g, '')})\n    ${o.description}\n`;
  }
  return out;
}
