/**
 * Issue 14, config validation: each mistake gets a message about itself, and every key docs/configuration.md calls
 * unknown (rule options included) is refused.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/config.js';

const problem = (value: unknown): string => {
  try {
    parseConfig('/p/studio-lint.config.json', value);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('config validation', () => {
  it('overrides[].files: [] asks for a glob, not a severity', () => {
    expect(problem({ overrides: [{ files: [], rules: {} }] })).toBe('/p/studio-lint.config.json: overrides.0.files: must list at least one glob, such as ["voice/**/*.json"]');
  });

  it('an unknown key inside an override lists the keys of an override', () => {
    expect(problem({ overrides: [{ files: ['*.json'], rulez: {} }] })).toBe("/p/studio-lint.config.json: overrides.0: unknown key 'rulez' (known: files, rules, migration)");
    expect(problem({ rulez: {} })).toBe("/p/studio-lint.config.json: the config: unknown key 'rulez' (known: rules, overrides, ignores, migration, variableMap)");
  });

  it('"files" must be an array', () => {
    expect(problem({ overrides: [{ files: 'voice/*.json' }] })).toBe('/p/studio-lint.config.json: overrides.0.files: must be an array of globs, such as ["voice/*.json"]');
    expect(problem({ overrides: [{ files: ['voice/*.json'] }] })).toBe('accepted');
  });

  it('a value of the wrong JSON type says what it must be, in a sentence', () => {
    expect(problem([])).toBe('/p/studio-lint.config.json: the config: must be an object');
    expect(problem({ ignores: 'legacy/**' })).toBe('/p/studio-lint.config.json: ignores: must be an array');
    expect(problem({ variableMap: { 'trigger.message.To': 3 } })).toBe('/p/studio-lint.config.json: variableMap.trigger.message.To: must be a string');
  });

  it('unknown rule options are refused, at the top and in overrides; an empty options object is fine', () => {
    expect(problem({ rules: { 'valid-liquid': ['error', { bogus: 1 }] } })).toBe("/p/studio-lint.config.json: rules.valid-liquid: unknown option 'bogus' (the rule takes no options)");
    expect(problem({ overrides: [{ files: ['*'], rules: { 'valid-liquid': ['warn', { strict: true }] } }] })).toMatch(/overrides\.0\.rules\.valid-liquid: unknown option 'strict'/);
    expect(problem({ rules: { 'valid-liquid': ['error', {}] } })).toBe('accepted');
  });
});
