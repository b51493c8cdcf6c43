/**
 * What the contract tests share: where Twilio's OpenAPI descriptions and Stoplight Prism are, and a free port
 * on 127.0.0.1 for a proxy (no other address is ever a target).
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/** Twilio's OpenAPI descriptions, as the @twilio-alpha/mcp package ships them. */
export const SPEC_DIR = path.join(ROOT, 'node_modules', '@twilio-alpha', 'mcp', 'twilio-oai', 'spec', 'json');
export const PRISM = path.join(ROOT, 'node_modules', '.bin', 'prism');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
