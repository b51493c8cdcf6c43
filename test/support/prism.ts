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

/**
 * OpenAPI 3.0 schemas: ajv knows `nullable` only beside `type`, and Twilio also puts it beside `$ref`. Dropping
 * it there only loosens the check.
 */
export function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) node.forEach(dropUntypedNullable);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('nullable' in o && !('type' in o)) delete o.nullable;
    Object.values(o).forEach(dropUntypedNullable);
  }
}
