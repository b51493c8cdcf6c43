/**
 * Several Twilio APIs behind one base URL, each checked against its own OpenAPI description: one Stoplight Prism
 * validating proxy (--errors) per Twilio host in front of the stand-in, and a router on 127.0.0.1 that sends each
 * request to the Prism of the host the client named (X-Twilio-Host) and keeps every exchange, so that each
 * response body can be checked with ajv against that spec's schema (Prism 5's proxy does not check bodies).
 * The same arrangement as test/cutover-contract.test.ts, for the APIs promotion reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import path from 'node:path';
import { Ajv } from 'ajv';
import { tempDir } from '../helpers.js';
import { dropUntypedNullable, freePort, PRISM, SPEC_DIR } from './prism.js';

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

export interface Exchange {
  host: string;
  method: string;
  path: string;
  template: string | undefined;
  status: number;
  body: unknown;
}

export interface PrismRouter {
  url: string;
  exchanges: Exchange[];
  /** Prism's log lines about violations (an undocumented 4xx status is not one: Twilio documents none). */
  violations(): string[];
  /** Whether the host's Prism forwarded anything. */
  forwarded(host: string): boolean;
  /** The host's Prism itself, for a request that must not go through the router. */
  prismUrl(host: string): string;
  /** The body's violations of the spec's schema for this response; [] when it documents none. */
  bodyViolations(e: Exchange): string[];
  stop(): Promise<void>;
}

/**
 * The 2010 API's page links are paths (its own examples: "first_page_uri": "/2010-04-01/Accounts/AC…"), but the
 * description says format "uri", which needs a scheme: read them as uri-reference.
 */
function patchSpec(host: string, text: string): string {
  if (host !== 'api.twilio.com') return text;
  return JSON.stringify(
    JSON.parse(text, function (this: Record<string, unknown>, key: string, value: unknown) {
      if (/^(first_page_uri|next_page_uri|previous_page_uri|uri)$/.test(key) && (value as { format?: string })?.format === 'uri') return { ...(value as object), format: 'uri-reference' };
      // Clearing "A message comes in" sends an empty SmsUrl; format "uri" leaves no value that removes it.
      if (key === 'SmsUrl' && (value as { format?: string })?.format === 'uri') return { anyOf: [value, { type: 'string', maxLength: 0 }] };
      return value;
    }),
  );
}

export async function startPrismRouter(upstream: string, specs: Record<string, string>): Promise<PrismRouter> {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const parsed = new Map<string, Spec>();
  const files = new Map<string, string>();
  const dir = tempDir('studio-lint-specs-');
  for (const [host, file] of Object.entries(specs)) {
    const text = patchSpec(host, readFileSync(path.join(SPEC_DIR, file), 'utf8'));
    files.set(host, path.join(dir, file));
    writeFileSync(files.get(host)!, text);
    const spec = JSON.parse(text) as Spec;
    dropUntypedNullable(spec);
    ajv.addSchema(spec, host);
    parsed.set(host, spec);
  }
  const template = (host: string, method: string, concrete: string) => {
    const spec = parsed.get(host)!;
    return Object.keys(spec.paths)
      .filter((t) => spec.paths[t]![method.toLowerCase()])
      .sort((a, b) => a.split('{').length - b.split('{').length)
      .find((t) => new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete));
  };
  const prisms: ChildProcess[] = [];
  const logs = new Map<string, string>();
  const urls = new Map<string, string>();
  await Promise.all(
    Object.entries(specs).map(async ([host, file]) => {
      const port = await freePort();
      urls.set(host, `http://127.0.0.1:${port}`);
      logs.set(host, '');
      const prism = spawn(PRISM, ['proxy', files.get(host)!, upstream, '--host', '127.0.0.1', '--port', String(port), '--errors'], { stdio: ['ignore', 'pipe', 'pipe'] });
      prisms.push(prism);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Prism (${file}) did not start:\n${logs.get(host)}`)), 120_000);
        const listen = (d: Buffer) => {
          logs.set(host, logs.get(host)! + d.toString());
          if (logs.get(host)!.includes('Prism is listening')) {
            clearTimeout(timer);
            resolve();
          }
        };
        prism.stdout.on('data', listen);
        prism.stderr.on('data', listen);
      });
    }),
  );
  const exchanges: Exchange[] = [];
  const router: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const host = String(req.headers['x-twilio-host'] ?? '');
      const target = urls.get(host);
      if (!target) {
        res.writeHead(599).end(`no spec for host '${host}'`);
        return;
      }
      const url = new URL(req.url ?? '/', target);
      const forward = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const text = Buffer.concat(body).toString();
          let value: unknown;
          try {
            value = text ? JSON.parse(text) : undefined;
          } catch {
            value = text;
          }
          exchanges.push({ host, method: req.method ?? 'GET', path: url.pathname, template: template(host, req.method ?? 'GET', url.pathname), status: answer.statusCode ?? 0, body: value });
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
        });
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(router.address() as { port: number }).port}`,
    exchanges,
    violations: () =>
      [...logs.entries()].flatMap(([host, log]) =>
        log
          .split('\n')
          .filter((l) => /violation/i.test(l) && !/Unable to match the returned status code/.test(l))
          .map((l) => `${host}: ${l}`),
      ),
    forwarded: (host) => /Forwarding/.test(logs.get(host) ?? ''),
    prismUrl: (host) => urls.get(host)!,
    bodyViolations: (e) => {
      if (!e.template) return [`${e.host} ${e.method} ${e.path}: not in the spec`];
      const response = parsed.get(e.host)!.paths[e.template]?.[e.method.toLowerCase()]?.responses?.[String(e.status)];
      if (!response?.content?.['application/json']?.schema) return [];
      const pointer = `${e.host}#/paths/${e.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${e.method.toLowerCase()}/responses/${e.status}/content/application~1json/schema`;
      const validate = ajv.getSchema(pointer)!;
      return validate(e.body) ? [] : [`${e.host} ${e.method} ${e.path} ${e.status}: ${JSON.stringify(validate.errors).slice(0, 300)}`];
    },
    stop: async () => {
      for (const p of prisms) p.kill();
      await new Promise<void>((resolve) => router.close(() => resolve()));
    },
  };
}
