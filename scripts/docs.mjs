// npm run docs: regenerate docs/rules/*.md from the rules' meta, through the built bundle's API.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ruleMarkdown, rules } from '../dist/index.js';

const dir = path.join(import.meta.dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
for (const rule of rules) writeFileSync(path.join(dir, `${rule.meta.id}.md`), ruleMarkdown(rule));
console.log(`wrote ${rules.length} pages to docs/rules/`);
