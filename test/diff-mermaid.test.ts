/**
 * The Mermaid graphs of `studio-lint diff -f markdown` are valid Mermaid: each one is parsed by the `mermaid`
 * package itself (what GitHub renders with), loaded into headless Chromium (Debian's, driven by playwright-core
 * as in test/html-report.test.ts), offline from node_modules. One is rendered, to see the marks land.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFlow, pairFlows, type FlowDiff } from '../src/diff/diff.js';
import { renderMarkdown } from '../src/diff/render.js';
import { classify, type FlowEntry } from '../src/flow/load.js';
import { Flow } from '../src/flow/model.js';
import { CORPUS, HAS_CORPUS, NEEDS_CORPUS, ROOT, flow, fixtureFlow, studioText, widget } from './helpers.js';

const MERMAID = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ content: readFileSync(MERMAID, 'utf8') });
  await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Mermaid's own verdict on a diagram: true, or the parser's message. */
async function parse(text: string): Promise<true | string> {
  return page.evaluate(async (t) => {
    try {
      await (globalThis as unknown as { mermaid: { parse(t: string): Promise<unknown> } }).mermaid.parse(t);
      return true as const;
    } catch (error) {
      return String((error as Error).message ?? error);
    }
  }, text);
}

function entries(text: string): FlowEntry[] {
  const c = classify(text);
  if (c.kind !== 'flows') throw new Error(c.kind);
  return c.flows;
}

/** The Mermaid blocks of the Markdown diff of two texts. */
function graphsOf(pairsOfTexts: [string, string][]): string[] {
  const flows = new Map<FlowDiff, Flow>();
  const diffs = pairsOfTexts.flatMap(([a, b], i) =>
    pairFlows(entries(a), entries(b)).map((p) => {
      const d = diffFlow(`f${i}.json`, p.before, p.after, p.name);
      if (p.after) flows.set(d, new Flow(p.after));
      return d;
    }),
  );
  const markdown = renderMarkdown(diffs, { graphOf: (d) => flows.get(d), limit: Number.MAX_SAFE_INTEGER });
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

type Json = Record<string, unknown>;

describe('the Markdown diff’s Mermaid graphs', () => {
  it('the parser rejects a broken graph (the check can fail)', async () => {
    expect(await parse('flowchart TD\n  n0["a"]\n  n0 -->|x| \n')).not.toBe(true);
    expect(await parse('flowchart TD\n  n0["a"b"]\n')).not.toBe(true);
    expect(await parse('flowchart TD\n  n0["a"]\n')).toBe(true);
  });

  it('parse: added, removed, renamed, changed and moved widgets, a dangling transition, names with quotes, bars, angle brackets, backquotes', async () => {
    const before = flow(
      { incomingMessage: 'ask "you"' },
      widget('ask "you"', 'send-and-wait-for-reply', { incomingMessage: 'a|b', timeout: 'gone "for" |good|' }, { body: 'Order?' }),
      widget('a|b', 'split-based-on', { noMatch: 'x<y>&`z`' }, { input: '{{widgets["ask \\"you\\""].inbound.Body}}' }),
      widget('x<y>&`z`', 'send-message', {}, { body: 'ok' }),
      widget('gone "for" |good|', 'send-message', {}, { body: 'bye' }),
    );
    const after = structuredClone(before);
    const states = after.states as Json[];
    states.splice(4, 1, widget('new #1', 'send-to-flex', {}, { workflow: 'WW1' }));
    (states[1]!.transitions as Json[])[1] = { event: 'timeout', next: 'nowhere' };
    (states[3]!.properties as Json).offset = { x: 9, y: 9 };
    (states[2]!.properties as Json).input = 'changed';
    const graphs = graphsOf([
      [studioText(before), studioText(after)],
      [studioText(fixtureFlow('chat-sms-to-flex')), studioText(fixtureFlow('conversations-migrated'))],
      [studioText(fixtureFlow('voice-ivr')), studioText(fixtureFlow('webchat-pre-engagement'))],
    ]);
    expect(graphs).toHaveLength(3);
    expect(graphs[0]).toContain('class n4 added');
    expect(graphs[0]).toContain('(removed)');
    expect(graphs[0]).toContain('(missing)');
    for (const graph of graphs) expect(await parse(graph), graph).toBe(true);
  });

  it('renders: the marked widgets carry their classDef class in the SVG', async () => {
    const before = flow({ incomingMessage: 'a' }, widget('a', 'send-message', {}, { body: 'x' }), widget('b', 'send-message', {}, { body: 'y' }));
    const after = structuredClone(before);
    ((after.states as Json[])[1]!.properties as Json).body = 'changed';
    (after.states as Json[]).push(widget('c', 'send-to-flex', {}, {}));
    const [graph] = graphsOf([[studioText(before), studioText(after)]]);
    const svg = await page.evaluate(async (t) => (await (globalThis as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid.render('g1', t)).svg, graph!);
    expect(svg).toMatch(/class="node default changed[^"]*"[^>]*id="[^"]*-n1-/);
    expect(svg).toMatch(/class="node default added[^"]*"[^>]*id="[^"]*-n3-/);
  });
});

describe.skipIf(!HAS_CORPUS)(`the Mermaid graphs of real edits${NEEDS_CORPUS}`, () => {
  it('parse: every migrated pair of the corpus', async () => {
    const pairsFile = path.resolve(CORPUS, '..', '..', 'tools', 'corpus-pairs.tsv');
    const rows = readFileSync(pairsFile, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split('\t'));
    const texts = rows.map(([, a, b]) => [readFileSync(path.join(CORPUS, a!), 'utf8'), readFileSync(path.join(CORPUS, b!), 'utf8')] as [string, string]);
    const graphs = graphsOf(texts);
    expect(graphs.length).toBe(rows.length);
    for (const [i, graph] of graphs.entries()) expect(await parse(graph), rows[i]![0]).toBe(true);
  }, 60_000);
});
