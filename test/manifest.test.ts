/**
 * The pull manifest's one reader (src/runner/manifest.ts): what pull, push, rollback and cutover read, and
 * what lint reads the account's word on scope from (PulledFlows), with the same validation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, ManifestError, readManifest, writeManifest } from '../src/runner/manifest.js';
import { PulledFlows } from '../src/runner/pulled-flows.js';
import { recordRevision } from '../src/twilio/sync.js';
import { tempDir } from './helpers.js';

const entry = { sid: 'FW00000000000000000000000000000001', friendlyName: 'SMS', revision: 3, status: 'published', hash: 'abc' };

function folder(manifest?: unknown): string {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  if (manifest !== undefined) writeFileSync(path.join(dir, MANIFEST_FILE), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
}

describe('readManifest', () => {
  it('a folder without one has an empty manifest; what writeManifest wrote reads back', () => {
    const dir = folder();
    expect(readManifest(dir)).toEqual({ version: 1, flows: {} });
    writeManifest(dir, { version: 1, flows: { 'b.json': entry, 'a.json': { ...entry, legacyAddresses: ['sms +1 (FO1)'] } } });
    const read = readManifest(dir);
    expect(Object.keys(read.flows)).toEqual(['a.json', 'b.json']);
    expect(read.flows['a.json']!.legacyAddresses).toEqual(['sms +1 (FO1)']);
  });

  it('keeps the account, the references pull named and the promotions per target', () => {
    const dir = folder();
    const references = { WW00000000000000000000000000000001: { kind: 'workflow' as const, name: 'VIP' }, KS00000000000000000000000000000001: { kind: 'sid' as const, unresolved: 'not looked up' } };
    const promotions = { prod: { account: 'AC000000000000000000000000000000b2', flows: { 'a.json': { sid: 'FWb', friendlyName: 'SMS', revision: 2, hash: 'h', sourceHash: 's' } } } };
    writeManifest(dir, { version: 1, account: 'AC00000000000000000000000000000001', flows: { 'a.json': { ...entry, references } }, promotions });
    expect(readManifest(dir)).toEqual({ version: 1, account: 'AC00000000000000000000000000000001', flows: { 'a.json': { ...entry, references } }, promotions });
  });

  it.each([
    ['<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n', /: not valid JSON \(it holds merge conflict markers\): .*; pull into a fresh folder, or repair it$/],
    [{ version: 2, flows: {} }, /: unknown manifest version 2; /],
    [{ version: 1, flows: { '../x.json': entry } }, /"flows" names '\.\.\/x\.json', which is not a \*\.json file name inside the folder/],
    [{ version: 1, flows: { 'a.json': { sid: 'FW1' } } }, /the entry for 'a\.json' needs "sid", "revision" and "hash"/],
    [{ version: 1, flows: { 'a.json': { ...entry, legacyAddresses: 'sms +1' } } }, /the entry for 'a\.json' has "legacyAddresses" that are not a list of strings/],
    [{ version: 1, flows: { 'a.json': { ...entry, references: { WW1: { kind: 'workflow' } } } } }, /the entry for 'a\.json' has "references" that are not each a kind with a name or an "unresolved" reason/],
    [{ version: 1, flows: { 'a.json': { ...entry, references: { WW1: { kind: 'fax', name: 'x' } } } } }, /"references" that are not each a kind/],
    [{ version: 1, account: 'prod', flows: {} }, /"account" must be an Account SID/],
    [{ version: 1, flows: {}, promotions: { prod: { account: 'AC1', flows: { 'a.json': { sid: 'FW1' } } } } }, /"promotions" must map each target to its "account" and the "flows" promoted there/],
  ])('refuses %j, naming the file', (manifest, message) => {
    const dir = folder(manifest);
    expect(() => readManifest(dir)).toThrow(ManifestError);
    expect(() => readManifest(dir)).toThrow(message);
    expect(() => readManifest(dir)).toThrow(path.join(dir, MANIFEST_FILE));
  });
});

describe('PulledFlows (lint)', () => {
  it('gives the legacy addresses pull recorded for a file, none for a file without them', () => {
    const dir = folder({ version: 1, flows: { 'a.json': { ...entry, legacyAddresses: ['sms +1 (FO1)'] }, 'b.json': entry } });
    const pulled = new PulledFlows();
    expect(pulled.legacyAddresses(path.join(dir, 'a.json'))).toEqual(['sms +1 (FO1)']);
    expect(pulled.legacyAddresses(path.join(dir, 'b.json'))).toBeUndefined();
    expect(pulled.legacyAddresses(path.join(dir, 'c.json'))).toBeUndefined();
  });

  it('a manifest the reader refuses is no record: lint decides from the content, without failing', () => {
    for (const broken of ['{ not json', { version: 1, flows: { 'a.json': { legacyAddresses: ['sms +1 (FO1)'] } } }]) {
      const dir = folder(broken);
      expect(new PulledFlows().legacyAddresses(path.join(dir, 'a.json'))).toBeUndefined();
    }
  });
});

describe('recordRevision (cutover apply and rollback, the one recorder push uses)', () => {
  const flow = { sid: entry.sid, friendlyName: 'SMS (renamed)', revision: 4, status: 'published' };

  it('records the new revision, status and hash, keeping the legacy addresses pull recorded', () => {
    const dir = folder({ version: 1, flows: { 'a.json': { ...entry, legacyAddresses: ['sms +1 (FO1)'] }, 'b.json': { ...entry, sid: 'FW2' } } });
    writeFileSync(path.join(dir, 'a.json'), '{}');
    recordRevision(path.join(dir, 'a.json'), flow, 'def');
    expect(readManifest(dir).flows).toEqual({
      'a.json': { sid: entry.sid, friendlyName: 'SMS (renamed)', revision: 4, status: 'published', hash: 'def', legacyAddresses: ['sms +1 (FO1)'] },
      'b.json': { ...entry, sid: 'FW2' },
    });
  });

  it('records nothing for a file that is gone, untracked, or tracked as another flow', () => {
    const manifest = { version: 1, flows: { 'a.json': { ...entry, sid: 'FW2' } } };
    const dir = folder(manifest);
    for (const name of ['a.json', 'b.json']) writeFileSync(path.join(dir, name), '{}');
    for (const name of ['a.json', 'b.json', 'gone.json']) recordRevision(path.join(dir, name), flow, 'def');
    expect(readManifest(dir)).toEqual(manifest);
  });
});
