/**
 * The rule contract is checked: a rule offers only the fixes and suggestions its meta declares (ESLint throws
 * "Fixable rules must set the meta.fixable property"); rule options against meta.schema: test/rule-options.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { interpolate, RuleContractError } from '../src/linter/lint.js';
import type { Report } from '../src/rules/types.js';
import { decodeSource, lintSource, rules, type ActiveRule, type Rule, type RuleMeta } from '../src/index.js';
import { conversationFlowWith, lintRule, widget, flow, studioText } from './helpers.js';

function ruleThat(meta: Partial<RuleMeta>, report: Omit<Report, 'at'>): ActiveRule {
  const rule: Rule = {
    meta: { id: 'test-rule', type: 'problem', category: 'correctness', defaultSeverity: 'error', description: 'a test rule', docs: { what: '', why: '', example: { before: '' } }, ...meta },
    check: (context) => context.report({ at: { pointer: ['states', 0] }, ...report }),
  };
  return { rule, severity: 2, options: {} };
}

const lint = (active: ActiveRule) => lintSource('/flows/test.json', decodeSource(conversationFlowWith('send-message', { body: 'hi' })), [active]);
const fix = (safety: 'safe' | 'unsafe') => ({ safety, description: 'x', edits: () => [] });

describe('the rule contract', () => {
  it('refuses a fix from a rule whose meta.fixable is not set', () => {
    expect(() => lint(ruleThat({}, { message: 'm', fix: fix('safe') }))).toThrow(new RuleContractError("rule test-rule reported a safe fix, but its meta.fixable is not set: declare what the rule fixes"));
  });

  it('refuses an unsafe fix from a rule that declares only safe fixes, and the reverse', () => {
    expect(() => lint(ruleThat({ fixable: 'safe' }, { message: 'm', fix: fix('unsafe') }))).toThrow(/reported an unsafe fix, but its meta.fixable is 'safe'/);
    expect(() => lint(ruleThat({ fixable: 'unsafe' }, { message: 'm', fix: fix('safe') }))).toThrow(/reported a safe fix, but its meta.fixable is 'unsafe'/);
  });

  it('accepts what meta declares: either safety for safe-and-unsafe, a fix the options enable', () => {
    expect(lint(ruleThat({ fixable: 'safe-and-unsafe' }, { message: 'm', fix: fix('unsafe') })).findings).toHaveLength(1);
    expect(lint(ruleThat({ fixable: 'safe' }, { message: 'm', fix: fix('safe') })).findings).toHaveLength(1);
    expect(lint(ruleThat({ fixableWithOptions: 'unsafe' }, { message: 'm', fix: fix('unsafe') })).findings).toHaveLength(1);
  });

  it('refuses a warning of its own from a rule whose meta.reportsWarnings does not say which (the ESLint plugin reports them through <id>/warnings)', () => {
    expect(() => lint(ruleThat({}, { message: 'm', severity: 'warn' }))).toThrow(/test-rule reported a warning of its own but meta.reportsWarnings does not say which/);
    expect(lint(ruleThat({ reportsWarnings: 'some' }, { message: 'm', severity: 'warn' })).findings[0]!.severity).toBe(1);
  });

  it('refuses suggestions from a rule without hasSuggestions', () => {
    expect(() => lint(ruleThat({}, { message: 'm', suggestions: [{ description: 'd' }] }))).toThrow(/reported suggestions, but its meta.hasSuggestions is not set/);
    expect(lint(ruleThat({ hasSuggestions: true }, { message: 'm', suggestions: [{ description: 'd' }] })).findings[0]!.suggestions).toEqual([{ description: 'd' }]);
  });

  it('holds for the built-in rules: the variableMap fix of no-unavailable-trigger-variable is declared', () => {
    const text = studioText(flow({ incomingConversationMessage: 'w' }, widget('w', 'send-message', {}, { body: 'to {{trigger.message.To}}' })));
    const [message] = lintRule('no-unavailable-trigger-variable', text, { variableMap: { 'trigger.message.To': 'flow.variables.twilio_number' } });
    expect(message?.fixSafety).toBe('unsafe');
  });
});

describe('messages from data a rule shares (frozen)', () => {
  const twoMessages = { messages: { a: "'{{v}}' is {{what}}", b: 'see {{v}}' } };
  const lintWith = (reports: Omit<Report, 'at'>[]) => {
    const rule: Rule = {
      meta: { id: 'test-rule', type: 'problem', category: 'correctness', defaultSeverity: 'error', description: 'a test rule', docs: { what: '', why: '', example: { before: '' } }, ...twoMessages },
      check: (context) => {
        for (const report of reports) context.report({ at: { pointer: ['states', 0] }, ...report });
      },
    };
    return lintSource('/flows/test.json', decodeSource(conversationFlowWith('send-message', { body: 'hi' })), [{ rule, severity: 2, options: {} }]).findings.map((f) => f.message);
  };

  it('are made per template: one frozen data object under two message ids', () => {
    const shared = Object.freeze({ v: 'x', what: 'gone' });
    expect(lintWith([{ messageId: 'a', data: shared }, { messageId: 'b', data: shared }, { messageId: 'a', data: shared }])).toEqual(["'x' is gone", 'see x', "'x' is gone"]);
  });

  it('data that is not frozen is read afresh at each report, even when the rule changes it between reports', () => {
    const data: Record<string, string> = { v: 'x', what: 'gone' };
    const reports = [{ messageId: 'a', data }, { messageId: 'a', get data() { data.v = 'y'; return data; } }];
    expect(lintWith(reports)).toEqual(["'x' is gone", "'y' is gone"]);
  });
});

describe('messages by id', () => {
  it('fills the placeholders of meta.messages from data, and keeps unknown ones as written', () => {
    const [finding] = lint(ruleThat({ messages: { gone: "widget '{{name}}' is gone ({{why}}) {{other}}" } }, { messageId: 'gone', data: { name: '{{x}}', why: 3 } })).findings;
    expect(finding!.message).toBe("widget '{{x}}' is gone (3) {{other}}");
  });

  it('fills placeholders at either end, side by side and with spaces, template after template', () => {
    expect(interpolate('{{a}}{{ b }}-{{c}}', { a: 1, b: 'x' })).toBe('1x-{{c}}');
    expect(interpolate('{{a}}{{ b }}-{{c}}', { a: '', b: '$&', c: '{{a}}' })).toBe('$&-{{a}}');
    expect(interpolate('no placeholder', { a: 1 })).toBe('no placeholder');
  });

  it('is how every built-in rule reports: each declares meta.messages', () => {
    expect(rules.filter((rule) => !rule.meta.messages || Object.keys(rule.meta.messages).length === 0).map((rule) => rule.meta.id)).toEqual([]);
  });

  it('refuses a messageId meta.messages does not declare, and a report with no message at all', () => {
    expect(() => lint(ruleThat({ messages: { a: 'A' } }, { messageId: 'b' }))).toThrow("rule test-rule reported messageId 'b', which its meta.messages does not declare");
    expect(() => lint(ruleThat({}, {}))).toThrow('rule test-rule reported neither a message nor a messageId');
  });
});
