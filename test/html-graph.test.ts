/**
 * The HTML report's flow graph, measured in a real browser (Debian's chromium, headless, as html-report.test.ts):
 * every edge inside the drawing (its viewBox), no edge label over a widget, the drawing fitted to its panel. On
 * the corpus's five largest flows, and on flows of our own that reproduce each defect the report had (issue 25):
 * a transition back up to a far widget and a loop, both cut off at the drawing's edge; a label drawn on a widget
 * that sits on its edge's line; a wide flow drawn wider than its panel. And the marks of a changed flow
 * (added, removed, changed, moved) that a diff view draws.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html } from '../src/formatters/html.js';
import type { FlowGraph, FormatContext, Totals } from '../src/formatters/types.js';
import { classify, decodeSource } from '../src/flow/load.js';
import { rulesById } from '../src/rules/index.js';
import type { LintResult } from '../src/index.js';
import { emptyResult } from '../src/linter/results.js';
import { CORPUS_FILES, HAS_CORPUS, NEEDS_CORPUS, ROOT, flow, runCli, studioText, tempDir, widget } from './helpers.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`file://${file}`);
  return { page, errors };
}

interface Geometry {
  file: string;
  widgets: number;
  edges: number;
  labels: number;
  /** Edges whose path's box leaves the SVG's viewBox: "from → to". */
  edgesOutside: string[];
  /** Labels whose box meets a widget's box: "label on widget". */
  labelsOnWidgets: string[];
  /** Edges that run under a widget other than their two ends (drawn under it, they seem to go through it). */
  edgesUnderWidgets: string[];
  drawing: { width: number; height: number };
  viewBox: { width: number; height: number };
  panel: { width: number; maxHeight: number };
}

/**
 * Waits for a file's graph and its fit to the panel: the page fits it in a task queued when it draws it, so a
 * task queued after the drawing appears runs after the fit.
 */
async function fitted(file: Locator) {
  await file.locator('svg g.node').first().waitFor();
  await file.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** Opens one file of the report, waits for its graph to be fitted, and measures it as the browser draws it. */
async function measure(file: Locator): Promise<Geometry> {
  await file.locator('summary').click();
  await fitted(file);
  return file.evaluate(measureInPage);
}

/** The little of the DOM that the measurement uses (the tests compile without the DOM's types). */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface PageElement {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
  getBBox(): Box;
  getTotalLength(): number;
  getPointAtLength(length: number): { x: number; y: number };
  getBoundingClientRect(): Box;
  textContent: string | null;
  className: string;
  parentElement: PageElement;
  clientWidth: number;
  viewBox: { baseVal: Box };
  transform: { baseVal: { consolidate(): { matrix: { e: number; f: number } } } };
  ownerDocument: { defaultView: { getComputedStyle(element: PageElement): { maxHeight: string; stroke: string } } };
}

/** Runs in the page, on a file's <details>: its first graph as the browser lays it out, in the SVG's user units. */
function measureInPage(element: unknown): Geometry {
  const root = element as PageElement;
  const svg = root.querySelector('svg')!;
  const panel = svg.parentElement;
  const view = svg.viewBox.baseVal;
  const inside = (b: Box) => b.x >= view.x && b.y >= view.y && b.x + b.width <= view.x + view.width && b.y + b.height <= view.y + view.height;
  const meets = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const widgets = Array.from(svg.querySelectorAll('g.node')).map((g) => {
    const box = (g.querySelector('rect.box') ?? g.querySelector('rect')!).getBBox();
    const at = g.transform.baseVal.consolidate().matrix;
    return { name: g.getAttribute('data-widget'), box: { x: box.x + at.e, y: box.y + at.f, width: box.width, height: box.height } };
  });
  // Every 6 units along the edge, a point strictly inside another widget's box (2 units in from its border).
  const under = (p: PageElement) => {
    const [from, to] = p.querySelector('title')!.textContent!.split(/ → | \(/);
    const others = widgets.filter((w) => w.name !== from && w.name !== to);
    for (let at = 0, length = p.getTotalLength(); at <= length; at += 6) {
      const q = p.getPointAtLength(at);
      if (others.some((w) => q.x > w.box.x + 2 && q.x < w.box.x + w.box.width - 2 && q.y > w.box.y + 2 && q.y < w.box.y + w.box.height - 2)) return true;
    }
    return false;
  };
  const edges = Array.from(svg.querySelectorAll('path.edge'));
  const labels = Array.from(svg.querySelectorAll('text.elabel'));
  const drawn = svg.getBoundingClientRect();
  return {
    file: root.getAttribute('data-file')!,
    widgets: widgets.length,
    edges: edges.length,
    labels: labels.length,
    edgesOutside: edges.filter((p) => !inside(p.getBBox())).map((p) => p.querySelector('title')!.textContent!),
    edgesUnderWidgets: edges.filter(under).map((p) => p.querySelector('title')!.textContent!),
    labelsOnWidgets: labels.flatMap((t) => widgets.filter((w) => meets(t.getBBox(), w.box)).map((w) => `${t.textContent} on ${w.name}`)),
    drawing: { width: drawn.width, height: drawn.height },
    viewBox: { width: view.width, height: view.height },
    panel: { width: panel.clientWidth, maxHeight: parseFloat(root.ownerDocument.defaultView.getComputedStyle(panel).maxHeight) },
  };
}

/** Fitted: no wider than its panel, and either its width fills 90% of the panel or its whole height is shown. */
function expectFitted(g: Geometry) {
  expect(g.drawing.width, `${g.file}: drawing wider than its panel`).toBeLessThanOrEqual(g.panel.width + 1);
  const fills = g.drawing.width >= 0.9 * g.panel.width;
  const showsAll = g.drawing.height <= g.panel.maxHeight + 1;
  expect(fills || showsAll, `${g.file}: ${Math.round(g.drawing.width)}×${Math.round(g.drawing.height)} in a panel ${g.panel.width} wide, ${g.panel.maxHeight} high at most`).toBe(true);
}

function expectReadable(g: Geometry) {
  expect(g.edgesOutside, `${g.file}: edges cut off`).toEqual([]);
  expect(g.labelsOnWidgets, `${g.file}: labels on widgets`).toEqual([]);
  expectFitted(g);
}

/** Measures every file of a report built by the CLI from these files. */
async function measureReport(files: string[], cwd = ROOT): Promise<Geometry[]> {
  const report = path.join(tempDir(), 'report.html');
  const run = runCli(['-f', 'html', '-o', report, ...files], { cwd });
  expect(run.stderr).toBe('');
  const { page, errors } = await open(report);
  const out: Geometry[] = [];
  for (const file of await page.locator('details.file').all()) out.push(await measure(file));
  expect(errors).toEqual([]);
  await page.close();
  return out;
}

const at = (x: number, y: number) => ({ offset: { x, y } });
const only = <T>(list: T[]): T => {
  expect(list).toHaveLength(1);
  return list[0]!;
};

describe('the HTML report draws a flow inside its drawing, labels off the widgets, fitted to its panel', () => {
  it('a transition back up to a far widget and a loop stay inside the drawing', async () => {
    const dir = tempDir();
    // Studio's canvas: a column on the left, then a widget far to the right and below that goes back to the top of
    // the column, and retries itself.
    const back = flow(
      { incomingMessage: 'ask' },
      widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'check', timeout: 'check' }, at(0, 200)),
      widget('check', 'split-based-on', { noMatch: 'far_retry' }, at(0, 450)),
      widget('far_retry', 'split-based-on', { noMatch: 'ask', match: 'far_retry' }, at(1400, 900)),
    );
    writeFileSync(path.join(dir, 'back-edge.json'), studioText(back));
    const g = only(await measureReport(['back-edge.json'], dir));
    expect(g.widgets).toBe(4);
    expect(g.edges).toBe(6);
    expect(g.labels).toBe(6);
    expectReadable(g);
  }, 60_000);

  it('a label whose place on its edge is taken by a widget goes elsewhere on the edge', async () => {
    const dir = tempDir();
    // ask → goodbye is a long edge straight down; reminder sits on it, where its label would go (70% of the way).
    const covered = flow(
      { incomingMessage: 'ask' },
      widget('ask', 'send-and-wait-for-reply', { incomingMessage: 'reminder', timeout: 'goodbye' }, at(0, 200)),
      widget('reminder', 'send-message', {}, at(0, 980)),
      widget('goodbye', 'send-message', {}, at(0, 1400)),
    );
    writeFileSync(path.join(dir, 'covered-label.json'), studioText(covered));
    const g = only(await measureReport(['covered-label.json'], dir));
    expect(g.labels).toBe(3);
    expectReadable(g);
    // And the edge itself bends around reminder rather than run under it.
    expect(g.edgesUnderWidgets).toEqual([]);
  }, 60_000);

  it('a flow wider than its panel is drawn as wide as the panel, not wider; a widget chosen in the list is zoomed to', async () => {
    const dir = tempDir();
    // Sixteen replies side by side, as a menu's branches often are in Studio; the last, far right, reads a widget
    // the flow lacks (a finding, so the list of findings by widget names it).
    const branches = Array.from({ length: 16 }, (_, i) => ({
      ...widget(`reply_${i}`, 'send-message', {}, { ...at(i * 600 - 4500, 400), body: i === 15 ? 'Your order: {{widgets.lookup.parsed.order}}' : 'Thanks' }),
      transitions: [{ event: 'sent' }, { event: 'failed' }],
    }));
    const menu = {
      ...widget('menu', 'split-based-on', {}, { ...at(0, 150), input: '{{trigger.conversation.Body}}' }),
      transitions: [
        { event: 'noMatch', next: 'reply_0' },
        ...branches.slice(1).map((_, i) => ({
          event: 'match',
          next: `reply_${i + 1}`,
          conditions: [{ friendly_name: `If value equal_to ${i + 1}`, arguments: ['{{trigger.conversation.Body}}'], type: 'equal_to', value: String(i + 1) }],
        })),
      ],
    };
    writeFileSync(path.join(dir, 'wide.json'), studioText(flow({ incomingConversationMessage: 'menu' }, menu, ...branches)));
    const report = path.join(dir, 'wide.html');
    expect(runCli(['-f', 'html', '-o', report, 'wide.json'], { cwd: dir }).stderr).toBe('');
    const { page, errors } = await open(report);
    const file = page.locator('details.file');
    const g = await measure(file);
    expect(g.widgets).toBe(18);
    expectReadable(g);
    expect(g.drawing.width).toBeGreaterThanOrEqual(0.9 * g.panel.width);
    const scale = async () => Number(await file.locator('svg').getAttribute('data-scale'));
    expect(await scale()).toBeLessThan(0.3);
    // Chosen in the list, the far widget is shown at its natural size, inside the panel.
    await file.locator('ul.widgets li.w[data-widget="reply_15"] button').click();
    expect(await scale()).toBe(1);
    const panel = (await file.locator('.graph').boundingBox())!;
    const chosen = (await file.locator('svg g.node[data-widget="reply_15"] rect.box').boundingBox())!;
    expect(chosen.x).toBeGreaterThanOrEqual(panel.x);
    expect(chosen.x + chosen.width).toBeLessThanOrEqual(panel.x + panel.width);
    expect(chosen.y).toBeGreaterThanOrEqual(panel.y);
    expect(chosen.y + chosen.height).toBeLessThanOrEqual(panel.y + panel.height);
    // And "fit" goes back to the whole drawing.
    await file.locator('.zoom button', { hasText: 'fit' }).click();
    expect(await scale()).toBeLessThan(0.3);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a small flow is drawn whole, at its natural size', async () => {
    const g = only(await measureReport(['fixtures/chat-sms-to-flex.json']));
    expectReadable(g);
    expect(g.drawing.height).toBeLessThanOrEqual(g.panel.maxHeight);
    expect(Math.abs(g.drawing.width - g.viewBox.width)).toBeLessThan(1);
  }, 60_000);

  describe.skipIf(!HAS_CORPUS)(`the corpus's five largest flows${NEEDS_CORPUS}`, () => {
    it('every edge inside, no label on a widget, fitted to the panel', async () => {
      // By widget count, among the files the linter draws (one flow each; the pre-v2 export format is not drawn).
      const sizes = CORPUS_FILES.flatMap((file) => {
        const c = classify(decodeSource(readFileSync(file)).text);
        return c.kind === 'flows' && c.flows.length === 1 ? [{ file, widgets: c.flows[0]!.definition.states.length }] : [];
      });
      sizes.sort((a, b) => b.widgets - a.widgets || a.file.localeCompare(b.file));
      const largest = sizes.slice(0, 5);
      expect(largest[4]?.widgets).toBeGreaterThanOrEqual(50);
      const measured = await measureReport(largest.map((l) => l.file));
      expect(measured.map((g) => g.file).sort()).toEqual(largest.map((l) => l.file).sort());
      for (const g of measured) {
        expect(g.widgets).toBe(largest.find((l) => l.file === g.file)!.widgets);
        expectReadable(g);
        // A label with no free place is left out (its edge's tooltip names the event): few are.
        expect(g.labels, g.file).toBeGreaterThanOrEqual(0.97 * g.edges);
      }
      // Edges bend around the widgets in their way; where the author packed widgets close, not always (99 of the
      // five flows' 538 edges ran under a widget before they bent, 50 since).
      const under = measured.reduce((n, g) => n + g.edgesUnderWidgets.length, 0);
      const edges = measured.reduce((n, g) => n + g.edges, 0);
      expect(under, measured.map((g) => `${path.basename(g.file)}: ${g.edgesUnderWidgets.length} of ${g.edges}`).join('\n')).toBeLessThanOrEqual(0.1 * edges);
    }, 120_000);
  });
});

const strokeOf = (element: unknown) => (element as PageElement).ownerDocument.defaultView.getComputedStyle(element as PageElement).stroke;

describe('marks for a view of changes', () => {
  it('a marked widget gets its class and a ring, and the legend lists the marks the flow has', async () => {
    const context: FormatContext = { cwd: ROOT, color: false, rules: rulesById, unsafeFixes: false, version: 'test' };
    const result: LintResult = emptyResult(path.join(ROOT, 'flows/changed.json'), 1);
    const graph: FlowGraph = {
      widgets: [
        { name: 'Trigger', type: 'trigger' },
        { name: 'greet', type: 'send-message' },
        { name: 'old_bot', type: 'send-to-flex' },
        { name: 'route', type: 'split-based-on' },
        { name: 'agent', type: 'send-to-flex' },
        { name: 'bye', type: 'send-message' },
      ],
      edges: [
        { from: 'Trigger', to: 'greet', label: 'incomingConversationMessage', missing: false },
        { from: 'greet', to: 'route', label: 'sent', missing: false },
        { from: 'route', to: 'agent', label: 'match', missing: false },
        { from: 'route', to: 'bye', label: 'noMatch', missing: false },
      ],
      marks: { greet: 'added', old_bot: 'removed', route: 'changed', agent: 'moved' },
    };
    const totals: Totals = { files: 1, errors: 0, warnings: 0, fixable: 0, unsafeFixable: 0, byRule: {} };
    // The HTML formatter's file() returns text (a formatter may return bytes).
    const unmarked = html.file(result, context, { flows: [{ ...graph, marks: undefined }] }) as string;
    expect(typeof unmarked).toBe('string');
    // A flow without marks carries none: a lint report is no larger for them.
    expect(unmarked).not.toContain('"k":');
    const file = path.join(tempDir(), 'marks.html');
    writeFileSync(file, (html.start?.(totals, context) ?? '') + (html.file(result, context, { flows: [graph] }) as string) + unmarked + html.end(totals, context));
    const { page, errors } = await open(file);
    const marked = page.locator('details.file').nth(0);
    const plain = page.locator('details.file').nth(1);
    await marked.locator('summary').click();
    await fitted(marked);
    const classOf = async (name: string) => (await marked.locator(`svg g.node[data-widget="${name}"]`).getAttribute('class'))!.split(' ');
    expect(await classOf('greet')).toContain('mark-added');
    expect(await classOf('old_bot')).toContain('mark-removed');
    expect(await classOf('route')).toContain('mark-changed');
    expect(await classOf('agent')).toContain('mark-moved');
    expect((await classOf('bye')).filter((c) => c.startsWith('mark-'))).toEqual([]);
    expect(await marked.locator('svg g.node rect.ring').count()).toBe(4);
    expect(await marked.locator('svg g.node.mark-added rect.ring').evaluate(strokeOf)).not.toBe(
      await marked.locator('svg g.node.mark-changed rect.ring').evaluate(strokeOf),
    );
    expect(await marked.locator('.legend i[class^="mark-"]').evaluateAll((marks: unknown[]) => marks.map((i) => (i as PageElement).className))).toEqual(['mark-added', 'mark-removed', 'mark-changed', 'mark-moved']);
    await plain.locator('summary').click();
    await fitted(plain);
    expect(await plain.locator('svg g.node[class*="mark-"]').count()).toBe(0);
    expect(await plain.locator('.legend i[class^="mark-"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('studio-lint diff -f html: the flow graph with its changes marked', () => {
  it('rings the widgets the diff names, draws a removed one beside the graph, and lists the changes by widget', async () => {
    const dir = tempDir();
    const oldFlow = studioText(
      flow(
        { incomingMessage: 'greet' },
        widget('greet', 'send-message', { sent: 'agent' }, { body: 'Hi {{trigger.message.Body}}', offset: { x: 0, y: 200 } }),
        widget('agent', 'send-to-flex', { callComplete: undefined }, { workflow: 'WW00000000000000000000000000000001', channel: 'TC00000000000000000000000000000001', offset: { x: 0, y: 400 } }),
        widget('old_bot', 'send-message', {}, { body: 'Bye', offset: { x: 400, y: 400 } }),
      ),
    );
    const newFlow = studioText(
      flow(
        { incomingConversationMessage: 'greet' },
        widget('greet', 'send-message', { sent: 'agent' }, { body: 'Hello {{trigger.conversation.Body}}', offset: { x: 0, y: 200 } }),
        widget('agent', 'send-to-flex', { callComplete: 'thanks' }, { workflow: 'WW00000000000000000000000000000001', channel: 'TC00000000000000000000000000000001', offset: { x: 50, y: 400 } }),
        widget('thanks', 'send-message', {}, { body: 'Thanks', offset: { x: 0, y: 600 } }),
      ),
    );
    writeFileSync(path.join(dir, 'old.json'), oldFlow);
    writeFileSync(path.join(dir, 'new.json'), newFlow);
    const run = runCli(['diff', '-f', 'html', '-o', 'review.html', 'old.json', 'new.json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const { page, errors } = await open(path.join(dir, 'review.html'));
    const file = page.locator('details.file').first();
    await file.locator('summary').click();
    await fitted(file);
    const classOf = async (name: string) => (await file.locator(`svg g.node[data-widget="${name}"]`).getAttribute('class'))!.split(' ');
    expect(await classOf('thanks')).toContain('mark-added');
    expect(await classOf('old_bot')).toContain('mark-removed');
    expect(await classOf('greet')).toContain('mark-changed');
    expect(await classOf('agent')).toContain('mark-changed');
    expect((await classOf('Trigger')).filter((c) => c.startsWith('mark-'))).toEqual([]);
    // The changes, listed: the migration line outside any widget, the body's change at its widget.
    const text = await file.innerText();
    expect(text).toMatch(/migrated/i);
    expect(text).toContain("Changes outside any widget");
    await file.locator('svg g.node[data-widget="greet"]').click();
    expect(await file.innerText()).toContain('properties.body: "Hi {{trigger.message.Body}}" → "Hello {{trigger.conversation.Body}}"');
    expect(errors).toEqual([]);
  });
});
