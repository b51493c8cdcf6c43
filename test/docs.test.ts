/**
 * The README is a landing page that links to docs/*.md for the reference: every relative link of the README and
 * of docs/ (the generated rule pages aside) leads to a file that exists, and to a heading that exists in it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const pages = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation but hyphens dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (file: string) => new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));

describe('the README and docs/', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const text = readFileSync(path.join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
        const [file, anchor] = target!.split('#') as [string, string | undefined];
        const resolved = file ? path.resolve(ROOT, path.dirname(page), file) : path.join(ROOT, page);
        checked++;
        if (!existsSync(resolved)) broken.push(`${page}: ${target} (no such file)`);
        else if (anchor && !anchorsOf(resolved).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('keep the README a page a newcomer reads whole, with the reference in docs/', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(250);
    // The two set-up commands come first.
    expect(readme.indexOf('npm install && npm start')).toBeLessThan(readme.indexOf('npm test\n'));
    expect(readme.indexOf('npm install && npm start')).toBeLessThan(1600);
    for (const page of ['cli', 'configuration', 'integrations', 'api', 'migration', 'account', 'flow-tests', 'cutover', 'performance', 'how-it-works']) {
      expect(readme, page).toContain(`](docs/${page}.md)`);
    }
  });
});
