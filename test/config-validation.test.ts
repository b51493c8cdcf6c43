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
    expect(problem({ rulez: {} })).toBe("/p/studio-lint.config.json: the config: unknown key 'rulez' (known: rules, overrides, ignores, migration, variableMap, environments)");
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

describe('environments (push --promote --to <name>)', () => {
  const sid = 'AC00000000000000000000000000000001';
  it('takes an account with the names of the variables that hold its credentials, and a map', () => {
    expect(problem({ environments: { prod: { accountSid: sid, authTokenEnv: 'PROD_TWILIO_AUTH_TOKEN', map: { 'https://crm-dev.example.com': 'https://crm.example.com' } } } })).toBe('accepted');
    expect(problem({ environments: { staging: { accountSidEnv: 'STAGING_SID', apiKeyEnv: 'STAGING_KEY', apiSecretEnv: 'STAGING_SECRET' } } })).toBe('accepted');
    const config = parseConfig('/p/studio-lint.config.json', { environments: { prod: { accountSid: sid, authTokenEnv: 'T' } } });
    expect(config.environments.prod).toEqual({ accountSid: sid, authTokenEnv: 'T' });
  });

  it.each([
    [{ prod: { accountSid: sid } }, 'environments.prod: say where its credentials are: "authTokenEnv", or "apiKeyEnv" and "apiSecretEnv" (names of environment variables)'],
    [{ prod: { authTokenEnv: 'T' } }, 'environments.prod: give "accountSid" or "accountSidEnv" (one of them)'],
    [{ prod: { accountSid: sid, apiKeyEnv: 'K' } }, 'environments.prod: "apiKeyEnv" and "apiSecretEnv" go together'],
    [{ prod: { accountSid: sid, authTokenEnv: 'secret token 123' } }, 'environments.prod.authTokenEnv: must be the name of an environment variable (letters, digits, _), not its value'],
    [{ prod: { accountSid: 'AC1', authTokenEnv: 'T' } }, 'environments.prod.accountSid: must be an Account SID (AC and 32 hexadecimal digits)'],
    [{ prod: { accountSid: sid, authTokenEnv: 'T', token: 'x' } }, "environments.prod: unknown key 'token' (known: accountSid, accountSidEnv, authTokenEnv, apiKeyEnv, apiSecretEnv, map)"],
    [{ 'a/b': { accountSid: sid, authTokenEnv: 'T' } }, "environments: 'a/b' is not a name for an environment (letters, digits, _ . -)"],
  ])('refuses %j with a message about itself', (environments, message) => {
    expect(problem({ environments })).toBe(`/p/studio-lint.config.json: ${message}`);
  });
});
