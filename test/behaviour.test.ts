/**
 * The behaviour check after a fix (issue 24): a fixed flow behaves the same for the same contact on every
 * channel, or a finding (or the fix summary) says where it does not. Routes and Send to Flex hand-overs never
 * change unsaid: the fix that would change one is held back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeRules, decodeSource, fixSource, lintSource } from '../src/index.js';
import { classify } from '../src/flow/load.js';
import { pointerToString } from '../src/flow/locate.js';
import { Flow } from '../src/flow/model.js';
import { compareBehaviour, describeDifference, surelyTooLargeToCheck } from '../src/migration/behaviour.js';
import { CORPUS, flow, runCli, studioText, tempDir, widget } from './helpers.js';
import { writeFileSync } from 'node:fs';

const flex = (name: string, attributes: string, workflow = 'WW1') => widget(name, 'send-to-flex', {}, { workflow, channel: 'TC1', attributes });
const split = (name: string, input: string, branches: { next: string; type: string; value: string }[], noMatch: string) => ({
  name,
  type: 'split-based-on',
  transitions: [
    { event: 'noMatch', next: noMatch },
    ...branches.map((b) => ({ event: 'match', next: b.next, conditions: [{ friendly_name: b.value, arguments: [input], type: b.type, value: b.value }] })),
  ],
  properties: { input, offset: { x: 0, y: 0 } },
});

// A Chat-era flow that keeps the channel type in a flow variable and routes on it (issue 24's first finding).
const byChannel = studioText(
  flow(
    { incomingMessage: 'set_channel' },
    widget('set_channel', 'set-variables', { next: 'by_channel' }, { variables: [{ key: 'ch', value: '{{trigger.message.ChannelAttributes.channel_type}}' }] }),
    split('by_channel', '{{flow.variables.ch}}', [{ next: 'fb_agent', type: 'equal_to', value: 'facebook' }], 'default_agent'),
    flex('default_agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}'),
    flex('fb_agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}', 'WW2'),
  ),
);

// A split on Chat's `from` attribute, which no rule reports once renamed: the rename would reroute WhatsApp unsaid.
const byAddress = studioText(
  flow(
    { incomingMessage: 'is_wa' },
    split('is_wa', '{{trigger.message.ChannelAttributes.from}}', [{ next: 'wa_agent', type: 'starts_with', value: 'whatsapp:' }], 'agent'),
    flex('agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}'),
    flex('wa_agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}', 'WW2'),
  ),
);

function fix(text: string, unsafe: boolean) {
  const active = activeRules();
  const linted = lintSource('/flows/flow.json', decodeSource(text), active);
  return fixSource(linted, active, { unsafe });
}

function flowsOf(text: string): Flow[] {
  const c = classify(text);
  if (c.kind !== 'flows') throw new Error(c.kind);
  return c.flows.map((entry) => new Flow(entry));
}

describe('compareBehaviour', () => {
  it('names the split that routes Messenger elsewhere once the channel type is renamed, per channel', () => {
    const fixed = fix(byChannel, true).output;
    const [before] = flowsOf(byChannel);
    const [after] = flowsOf(fixed);
    const routes = compareBehaviour(before!, after!).filter((d) => d.kind === 'route');
    expect(routes).toEqual([{ widget: 'by_channel', kind: 'route', what: 'branch', channels: ['messenger'], before: 'fb_agent', after: 'default_agent' }]);
    expect(describeDifference(routes[0]!)).toBe("'by_channel' goes to 'default_agent' on Messenger, was 'fb_agent'");
  });

  it('follows a flow variable through each widget that sets it, also when a later one overwrites it on another path', () => {
    // A review's case: the split reads from, which 'reset' sets again later in the run; by the last value alone the
    // split would route the same, though WhatsApp takes another branch where set_from's value reaches it.
    const text = studioText(
      flow(
        { incomingMessage: 'set_from' },
        widget('set_from', 'set-variables', { next: 'by_from' }, { variables: [{ key: 'from', value: '{{trigger.message.ChannelAttributes.from}}' }] }),
        split('by_from', '{{flow.variables.from}}', [{ next: 'wa_agent', type: 'starts_with', value: 'whatsapp:' }], 'reset'),
        widget('reset', 'set-variables', { next: 'agent' }, { variables: [{ key: 'from', value: 'done' }] }),
        flex('agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}'),
        flex('wa_agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}', 'WW2'),
      ),
    );
    const fixed = fix(text, true);
    expect(fixed.held?.map((c) => c.message)).toEqual(["'by_from' goes to 'reset' on WhatsApp, was 'wa_agent'"]);
    expect(fixed.changed).toBe(false);
  });

  it('finds nothing where the fix changes nothing a contact sees (a safe move)', () => {
    const text = studioText(
      flow({ incomingMessage: 'ack' }, widget('ack', 'send-message', { sent: 'agent' }, { body: 'We got {{trigger.message.Body}}', to: '{{contact.channel.address}}' }), flex('agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}')),
    );
    const fixed = fix(text, false);
    expect(fixed.changed).toBe(true);
    expect(compareBehaviour(flowsOf(text)[0]!, flowsOf(fixed.output)[0]!)).toEqual([]);
  });

  it('sees a Send to Flex attribute that changes, key by key, and a message body', () => {
    const before = flowsOf(
      studioText(flow({ incomingMessage: 'hi' }, widget('hi', 'send-message', { sent: 'agent' }, { body: 'From {{trigger.message.ChannelAttributes.from}}' }), flex('agent', '{"name": "{{trigger.message.ChannelAttributes.from}}", "k": "v"}'))),
    )[0]!;
    const after = flowsOf(
      studioText(flow({ incomingConversationMessage: 'hi' }, widget('hi', 'send-message', { sent: 'agent' }, { body: 'From {{trigger.conversation.ChannelAttributes.from}}' }), flex('agent', '{"k": "v"}'))),
    )[0]!;
    const differences = compareBehaviour(before, after);
    expect(differences).toContainEqual({ widget: 'agent', kind: 'flex', what: 'attributes.name', channels: ['sms'], before: '"+15005550006"', after: '(none)' });
    expect(differences).toContainEqual({ widget: 'hi', kind: 'value', what: 'body', channels: ['sms'], before: 'From +15005550006', after: 'From ' });
  });
});

describe('a flow too large to check', () => {
  // Each Set Variables widget appends to the value of the one before: the values grow with the chain (a newcomer
  // audit's 2,500-widget flow took 52 s and 3 GB to check). Past the longest rendering compared, the check says so.
  const chain = (length: number, event: 'incomingMessage' | 'incomingConversationMessage' = 'incomingMessage') => {
    const widgets = Array.from({ length }, (_, i) =>
      widget(`w${i}`, 'set-variables', { next: i + 1 < length ? `w${i + 1}` : 'reply' }, { variables: [{ key: `v${i}`, value: `{{trigger.message.ChannelSid}} {{flow.variables.v${Math.max(i - 1, 0)}}}` }] }),
    );
    return studioText(flow({ [event]: 'w0' }, ...widgets, widget('reply', 'send-message', {}, { body: `{{flow.variables.v${length - 1}}}` })));
  };

  it('is said to be so, and its move is held back rather than made unchecked', () => {
    const text = chain(600);
    const outcome = fix(text, false);
    expect(outcome.changed).toBe(false);
    expect(outcome.output).toBe(text);
    expect(outcome.held?.map((c) => c.message)).toEqual([expect.stringMatching(/^the flow is too large to check: comparing it would render more than 50,000,000 characters/)]);
  });

  it('a flow the fix does not move is held back too, not listed as a changed value', () => {
    const text = chain(600, 'incomingConversationMessage');
    const outcome = fix(text, false);
    expect(outcome.changed).toBe(false);
    expect(outcome.file.behaviourChanges).toBeUndefined();
    expect(outcome.held?.map((c) => c.message)).toEqual([expect.stringMatching(/^the flow is too large to check/)]);
  });

  it('a flow that merely holds a long value is checked like any other (work is bounded, not length)', () => {
    const long = 'x'.repeat(40_000);
    const text = studioText(
      flow(
        { incomingMessage: 'menu' },
        widget('menu', 'set-variables', { next: 'reply' }, { variables: [{ key: 'menu', value: long }] }),
        widget('reply', 'send-message', {}, { body: '{{trigger.message.ChannelSid}} {{flow.variables.menu}}' }),
      ),
    );
    const outcome = fix(text, false);
    expect(outcome.held).toBeUndefined();
    expect(outcome.changed).toBe(true);
    expect(outcome.output).toContain('{{trigger.conversation.ConversationSid}} {{flow.variables.menu}}');
  });

  it('is known to be so before any fix when the original alone would overrun the budget, and the verdict is the same', () => {
    // Bodies that read the trigger, rendered on each of the four channels: 4 × 13,000,000 characters is past the
    // 50,000,000 budget whatever the fix changes (src/migration/behaviour.ts surelyTooLargeToCheck).
    const bodies = (count: number) => {
      const filler = 'x'.repeat(25_000);
      const widgets = Array.from({ length: count }, (_, i) =>
        widget(`say${i}`, 'send-message', { sent: i + 1 < count ? `say${i + 1}` : undefined }, { body: `{{trigger.message.ChannelSid}} ${filler} ${i}` }),
      );
      return studioText(flow({ incomingMessage: 'say0' }, ...widgets));
    };
    const large = bodies(520);
    const [before] = flowsOf(large);
    expect(surelyTooLargeToCheck(before!)).toBe(true);
    // Sound: the comparison with the fixed flow does overrun it.
    const outcome = fix(large, true);
    expect(outcome.changed).toBe(false);
    expect(outcome.output).toBe(large);
    expect(outcome.passes).toBe(0);
    expect(outcome.held?.map((c) => c.message)).toEqual([expect.stringMatching(/^the flow is too large to check/)]);
    const active = activeRules();
    const fixed = fixSource(lintSource('/flows/flow.json', decodeSource(large), active), active, { unsafe: true, checkBehaviour: false });
    expect(fixed.changed).toBe(true);
    expect(compareBehaviour(before!, flowsOf(fixed.output)[0]!).map((d) => d.what)).toEqual(['too large to check']);
    // Below the bound, the comparison decides as before (the bound is a floor: each render also charges its output,
    // and both sides render): an eighth of the flow is checked and fixed.
    const small = bodies(65);
    expect(surelyTooLargeToCheck(flowsOf(small)[0]!)).toBe(false);
    const checked = fix(small, true);
    expect(checked.held?.map((c) => c.message)).toBeUndefined();
    expect(checked.changed).toBe(true);
  });

  it('a finding at the Trigger does not say a comparison too large to make: the fixes are held back, not made unchecked', () => {
    // The move is unsafe (w0 reads trigger.message.To), so its finding stays at the Trigger; the safe rename of an
    // unreached widget's read is the fix. Bodies that read the contact render on every channel: the comparison
    // overruns the budget, though the floor of its work (surelyTooLargeToCheck) does not (a second read's case).
    const filler = 'x'.repeat(10_000);
    const count = 400;
    const widgets = Array.from({ length: count }, (_, i) =>
      widget(`w${i}`, 'send-message', { sent: i + 1 < count ? `w${i + 1}` : 'agent' }, { body: i === 0 ? `{{trigger.message.To}} ${filler}` : `Hi {{contact.channel.address}} ${filler}` }),
    );
    const text = studioText(flow({ incomingMessage: 'w0' }, ...widgets, flex('agent', '{"channelSid": "{{trigger.message.ChannelSid}}"}'), widget('u', 'send-message', {}, { body: '{{trigger.message.Body}}' })));
    expect(surelyTooLargeToCheck(flowsOf(text)[0]!)).toBe(false);
    const outcome = fix(text, false);
    expect(outcome.changed).toBe(false);
    expect(outcome.output).toBe(text);
    expect(outcome.held?.map((c) => c.message)).toEqual([expect.stringMatching(/^the flow is too large to check/)]);
  });

  it('knows nothing beforehand of a Trigger that lists a message event twice', () => {
    // Which of the two transitions the comparison follows after the move is not the one the floor counts.
    const filler = 'x'.repeat(25_000);
    const widgets = Array.from({ length: 520 }, (_, i) => widget(`say${i}`, 'send-message', { sent: i + 1 < 520 ? `say${i + 1}` : undefined }, { body: `{{trigger.message.ChannelSid}} ${filler}` }));
    const value = flow({ incomingMessage: 'say0' }, ...widgets) as { states: { transitions: { event: string; next?: string }[] }[] };
    expect(surelyTooLargeToCheck(flowsOf(studioText(value))[0]!)).toBe(true);
    value.states[0]!.transitions.push({ event: 'incomingMessage', next: 'say1' });
    expect(surelyTooLargeToCheck(flowsOf(studioText(value))[0]!)).toBe(false);
  });

  it('a short chain of the same shape is checked as usual, and its safe fixes made', () => {
    const outcome = fix(chain(20), false);
    expect(outcome.held).toBeUndefined();
    expect(outcome.changed).toBe(true);
    expect(outcome.output).toContain('{{trigger.conversation.ConversationSid}} {{flow.variables.v0}}');
  });
});

describe('fixSource with the behaviour check', () => {
  it('--fix --unsafe-fixes: every route that changes has a finding left at its widget, and values changed on purpose are listed', () => {
    const outcome = fix(byChannel, true);
    expect(outcome.changed).toBe(true);
    const split = outcome.file.findings.filter((f) => f.widget === 'by_channel').map((f) => f.ruleId);
    expect(split).toEqual(['no-legacy-channel-type']);
    expect(outcome.file.behaviourChanges?.map((c) => c.message)).toEqual([
      `'set_channel' variables.ch is "sdk" on webchat, was "web"`,
      `'set_channel' variables.ch is "" on Messenger, was "facebook"`,
    ]);
    expect(outcome.held).toBeUndefined();
  });

  it('holds back the fix that would reroute a channel unsaid: a flow the fix moves is held back whole, and the summary says why', () => {
    const outcome = fix(byAddress, true);
    expect(outcome.held?.map((c) => c.message)).toEqual(["'is_wa' goes to 'agent' on WhatsApp, was 'wa_agent'"]);
    // Holding back the split's reads alone while the Trigger moves would leave them rendering empty: nothing moves.
    expect(outcome.changed).toBe(false);
    expect(outcome.output).toBe(byAddress);
    expect(outcome.file.findings.filter((f) => f.widget === 'is_wa').map((f) => f.ruleId)).toEqual(['no-message-trigger-variable', 'no-message-trigger-variable']);
    expect(outcome.file.findings.some((f) => f.ruleId === 'no-incoming-message-trigger')).toBe(true);
    expect(outcome.file.heldBack).toHaveLength(1);
  });

  it('the command line says it after the counts, and JSON carries both lists', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), byAddress);
    writeFileSync(path.join(dir, 'b.json'), byChannel);
    const run = runCli(['--fix-dry-run', '--unsafe-fixes', '-f', 'json', '.'], { cwd: dir });
    expect(run.stderr).toBe(
      '4 would be fixed (4 unsafe), 6 remaining\n' +
        '2 values changed by the fix, for review (no finding reports them):\n' +
        `  b.json: 'set_channel' variables.ch is "sdk" on webchat, was "web"\n` +
        `  b.json: 'set_channel' variables.ch is "" on Messenger, was "facebook"\n` +
        // Five fixes (route.json's move and reads: a flow the fix moves is held back whole) for one reason.
        '5 fixes were held back, and their findings stay: a fix would change a route or a Send to Flex hand-over without a finding saying so (or could not be checked):\n' +
        "  a.json: 'is_wa' goes to 'agent' on WhatsApp, was 'wa_agent'\n",
    );
    const results = JSON.parse(run.stdout) as { filePath: string; heldBack?: unknown[]; behaviourChanges?: unknown[] }[];
    expect(results.find((r) => r.filePath.endsWith('a.json'))!.heldBack).toHaveLength(1);
    expect(results.find((r) => r.filePath.endsWith('b.json'))!.behaviourChanges).toHaveLength(2);
    // And the HTML report, in each file's section.
    runCli(['--fix-dry-run', '--unsafe-fixes', '-f', 'html', '-o', 'report.html', '.'], { cwd: dir });
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`<li class="held">fix held back: 'is_wa' goes to 'agent' on WhatsApp, was 'wa_agent'</li>`);
    expect(html).toContain(`<li class="review">changed by the fix, to review: 'set_channel' variables.ch is &quot;sdk&quot; on webchat, was &quot;web&quot;</li>`);
  });
});

/**
 * The public corpus, fixed with --fix and with --fix --unsafe-fixes: no flow's routing or Flex hand-over differs
 * on any channel without a finding left at that widget.
 */
describe.skipIf(!existsSync(CORPUS))('the behaviour check on the public corpus (needs ../shared)', () => {
  const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.json')) : [];
  for (const unsafe of [false, true]) {
    it(`${unsafe ? '--fix --unsafe-fixes' : '--fix'}: every route or hand-over that differs has a finding left at its widget`, () => {
      const active = activeRules();
      const unsaid: string[] = [];
      let changed = 0;
      let same = 0;
      let withFindings = 0;
      let held = 0;
      for (const name of files) {
        const linted = lintSource(name, decodeSource(readFileSync(path.join(CORPUS, name))), active);
        if (linted.findings.some((f) => f.fatal) || !linted.flows) continue;
        const outcome = fixSource(linted, active, { unsafe });
        held += outcome.held?.length ?? 0;
        if (!outcome.changed) continue;
        const pointers = outcome.file.findings.map((f) => f.pointer ?? '');
        const before = flowsOf(linted.source.text);
        const after = flowsOf(outcome.output);
        before.forEach((was, i) => {
          changed++;
          const now = after[i]!;
          const differences = compareBehaviour(was, now);
          if (differences.length === 0) same++;
          for (const d of differences) {
            if (d.kind === 'value') continue;
            const at = now.byName.get(d.widget);
            // Said by a finding in the split (a route) or in the property that differs (a hand-over).
            const where = (at ? pointerToString(at.pointer) : '') + (d.kind === 'route' ? '' : `/properties/${d.what.split('.')[0]}`);
            if (!pointers.some((p) => p === where || p.startsWith(where + '/'))) unsaid.push(`${name}: ${describeDifference(d)}`);
          }
        });
        if (outcome.file.findings.length > 0) withFindings++;
      }
      console.log(`${unsafe ? '--fix --unsafe-fixes' : '--fix'}: ${changed} flows changed, ${same} proven the same on all four channels, ${withFindings} files with findings left, ${held} fixes held back`);
      expect(unsaid).toEqual([]);
      expect(changed).toBeGreaterThan(unsafe ? 50 : 5);
    });
  }
});
