/**
 * The HTML report in a real browser: Debian's chromium, headless, driven by playwright-core. The page must
 * make no request, show the summary's counts, draw each flow with its widgets coloured by their worst finding,
 * and show a widget's findings when it is clicked. .ci/run installs chromium when the machine lacks it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html } from '../src/formatters/html.js';
import type { FormatContext, Totals } from '../src/formatters/types.js';
import { rulesById } from '../src/rules/index.js';
import type { LintResult } from '../src/index.js';
import { emptyResult } from '../src/linter/results.js';
import { ROOT, runCli, tempDir } from './helpers.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a report; every request the page makes besides the file itself is collected, and every script error. */
async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== `file://${file}`) requests.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`file://${file}`);
  return { page, requests, errors };
}

describe('--format html', () => {
  it('a self-contained page of the fixtures: summary counts, graphs coloured by worst finding, findings on click', async () => {
    const dir = tempDir();
    const report = path.join(dir, 'report.html');
    const run = runCli(['-f', 'html', '-o', report, 'fixtures']);
    expect(run.status).toBe(1);
    const text = readFileSync(report, 'utf8');
    // Nothing that could fetch: no external script, style, font or image.
    expect(text).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(text).not.toMatch(/@import|url\(\s*['"]?https?:/i);

    const { page, requests, errors } = await open(report);
    expect(await page.locator('details.file').count()).toBe(5);
    const card = (label: string) => page.locator('.card', { hasText: label }).locator('b').innerText();
    expect(await card('errors')).toBe('17');
    expect(await card('warnings')).toBe('7');
    // Both Chat-era flows' moves are unsafe (issue 24): nothing is fixable with --fix alone.
    expect(await card('potentially fixable with --fix')).toBe('0');
    expect(await page.locator('table.rules tbody tr').count()).toBe(4);
    expect(await page.locator('tr[data-rule="no-message-trigger-variable"] td').nth(1).innerText()).toBe('14');
    // The run's scope decisions (filled by the lint, not by hand): three Flex flows, the IVR and the SMS bot out of scope.
    expect(await page.locator('#summary .scope-line').innerText()).toContain('3 flows migrate to Flex');
    expect(await page.locator('details.file[data-file="fixtures/sms-autoresponder.json"] summary .scope-none').innerText()).toBe('out of scope · content');

    // A file's graph is drawn only when it is opened.
    const sms = page.locator('details.file[data-file="fixtures/chat-sms-to-flex.json"]');
    expect(await sms.locator('svg').count()).toBe(0);
    await sms.locator('summary').click();
    await sms.locator('svg g.node').first().waitFor();
    expect(await sms.locator('svg g.node').count()).toBe(5);
    expect(await sms.locator('svg g.node.error').count()).toBe(5);
    expect(await sms.locator('ul.widgets li.w').count()).toBe(5);

    // Clicking a widget shows its findings: to_agent has three, all no-message-trigger-variable.
    await sms.locator('svg g.node[data-widget="to_agent"]').click();
    const panel = sms.locator('.panel.selection');
    expect(await panel.locator('h3').innerText()).toContain('to_agent');
    expect(await panel.locator('li.finding').count()).toBe(3);
    expect(await Promise.all((await panel.locator('li.finding').all()).map((li) => li.getAttribute('data-rule')))).toEqual([
      'no-message-trigger-variable',
      'no-message-trigger-variable',
      'no-message-trigger-variable',
    ]);
    expect(await panel.innerText()).toContain("'trigger.message.ChannelSid' is not set under Flex Conversations");
    expect(await sms.locator('svg g.node.selected').getAttribute('data-widget')).toBe('to_agent');
    // The list selects the same way.
    await sms.locator('ul.widgets li.w[data-widget="check_keyword"] button').click();
    expect(await panel.locator('li.finding').count()).toBe(2);

    // A clean flow: every widget drawn, none marked.
    const ivr = page.locator('details.file[data-file="fixtures/voice-ivr.json"]');
    await ivr.locator('summary').click();
    await ivr.locator('svg g.node').first().waitFor();
    expect(await ivr.locator('svg g.node').count()).toBeGreaterThan(3);
    expect(await ivr.locator('svg g.node.error, svg g.node.warning').count()).toBe(0);

    // The toolbar filters.
    await page.locator('input[name=show][value=clean]').check();
    expect(await page.locator('details.file:not(.hidden)').count()).toBe(3);
    await page.locator('input[name=show][value=all]').check();
    await page.locator('#filter').fill('webchat');
    expect(await page.locator('details.file:not(.hidden)').count()).toBe(1);
    await page.locator('#filter').fill('');

    await ivr.locator('summary').click();
    await sms.locator('svg g.node[data-widget="to_agent"]').click();
    await page.mouse.move(0, 0);
    await page.evaluate('window.scrollTo(0, 0)');
    const screenshot = process.env.STUDIO_LINT_SCREENSHOT ?? path.join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('with --fix-dry-run, the diff of what the fix changes', async () => {
    const report = path.join(tempDir(), 'fix.html');
    runCli(['-f', 'html', '-o', report, '--fix-dry-run', '--unsafe-fixes', 'fixtures/chat-sms-to-flex.json']);
    const { page, errors } = await open(report);
    const file = page.locator('details.file').first();
    await file.locator('summary').click();
    const diff = file.locator('pre.diff');
    await diff.waitFor();
    expect(await diff.locator('.add').count()).toBeGreaterThan(5);
    expect(await diff.locator('.add', { hasText: 'trigger.conversation.ConversationSid' }).count()).toBeGreaterThan(0);
    expect(await diff.locator('.del', { hasText: 'trigger.message.ChannelSid' }).count()).toBeGreaterThan(0);
    // What remains after the fix: To, which nothing replaces, and the renamed name and channelType that Send to Flex sets itself.
    expect(await file.getAttribute('data-errors')).toBe('3');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('--diff with an html output file: the patch on standard output, the report with its diff', () => {
    const report = path.join(tempDir(), 'diff.html');
    const run = runCli(['--diff', '--unsafe-fixes', '-f', 'html', '-o', report, 'fixtures/chat-sms-to-flex.json']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^--- a\/fixtures\/chat-sms-to-flex\.json\n\+\+\+ b\/fixtures\/chat-sms-to-flex\.json\n/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('"patch":"--- a/fixtures/chat-sms-to-flex.json');
    // Nothing was written: the report counts the findings in the file as it is, and those the patch fixes, as
    // the report without --diff does (not what would remain after the fix: it said 0 fixable).
    const plain = path.join(tempDir(), 'plain.html');
    runCli(['-f', 'html', '-o', plain, 'fixtures/chat-sms-to-flex.json']);
    const cards = (text: string) => [...text.matchAll(/<div class="card[^"]*"><b>(\d+)<\/b>\s*<span>([^<]+)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
    // Its move is unsafe (issue 24): with --unsafe-fixes the 11 unsafe fixes are what the patch applies.
    expect(cards(html)).toContain('11 potentially fixable with --fix');
    expect(cards(html).slice(0, 3)).toEqual(cards(readFileSync(plain, 'utf8')).slice(0, 3));
    // As without the report: exit 0 when there is nothing to fix, though findings remain (no fix for them).
    const clean = runCli(['--diff', '-f', 'html', '-o', report, '--rule', 'no-message-trigger-variable: off', '--rule', 'no-incoming-message-trigger: off', 'fixtures/chat-sms-to-flex.json']);
    expect(clean.stdout).toBe('');
    expect(clean.status).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('no-unavailable-trigger-variable');
  });

  it('stays light with many flows: nothing is drawn until a file is opened', async () => {
    const dir = tempDir();
    const { generateCorpus } = (await import(path.join(ROOT, 'scripts', 'generate-flows.mjs'))) as { generateCorpus: (dir: string, n: number, seed: number) => number };
    generateCorpus(path.join(dir, 'flows'), 150, 1);
    const report = path.join(dir, 'many.html');
    runCli(['-f', 'html', '-o', report, 'flows'], { cwd: dir });
    const { page, errors } = await open(report);
    expect(await page.locator('details.file').count()).toBe(150);
    expect(await page.locator('svg').count()).toBe(0);
    // A closed file is a handful of elements, whatever its flow's size.
    expect(await page.locator('#files *').count()).toBeLessThan(150 * 8);
    const file = page.locator('details.file.errors').nth(3);
    await file.locator('summary').click();
    await file.locator('svg g.node').first().waitFor();
    expect(await page.locator('svg').count()).toBe(1);
    expect(await file.locator('svg g.node.error').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('renders the migration scope decision per flow, and counts them in the summary', async () => {
    const context: FormatContext = { cwd: ROOT, color: false, rules: rulesById, unsafeFixes: false, version: 'test' };
    const result: LintResult = {
      ...emptyResult(path.join(ROOT, 'flows/two.json'), 2),
      migrationScope: [
        { flow: 'Inbound SMS', migration: 'flex', decidedBy: 'account', evidence: ['address PN1 routes to this flow'] },
        { flow: 'IVR', migration: 'none', decidedBy: 'content', evidence: ['only Incoming Call is wired'] },
      ],
    };
    const totals: Totals = { files: 1, errors: 0, warnings: 0, fixable: 0, unsafeFixable: 0, byRule: {}, migration: { flex: 1, none: 1, decidedBy: { account: 1, content: 1 } } };
    const page = (html.start?.(totals, context) ?? '') + (html.file(result, context, {}) as string) + html.end(totals, context);
    const file = path.join(tempDir(), 'scope.html');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, page);
    const { page: tab, errors } = await open(file);
    expect(await tab.locator('details.file summary .scope-flex').innerText()).toBe('Inbound SMS: migrates to Flex · account');
    expect(await tab.locator('details.file summary .scope-none').innerText()).toBe('IVR: out of scope · content');
    expect(await tab.locator('#summary .scope-line').innerText()).toContain('1 flow migrate to Flex');
    await tab.locator('details.scope-table summary').click();
    // The page fills the table when it opens: wait for its rows before reading them.
    await tab.locator('#scope tbody tr').nth(1).waitFor();
    const rows = await Promise.all((await tab.locator('#scope tbody tr').all()).map((tr) => tr.locator('td').allInnerTexts()));
    expect(rows).toEqual([
      ['flows/two.json', 'Inbound SMS', 'migrates to Flex', 'account', 'address PN1 routes to this flow'],
      ['flows/two.json', 'IVR', 'out of scope', 'content', 'only Incoming Call is wired'],
    ]);
    expect(errors).toEqual([]);
    await tab.close();
  }, 60_000);
});
